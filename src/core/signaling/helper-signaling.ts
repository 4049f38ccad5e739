import type { CandidateInit, DenyReason, LiveStatus } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface HelperSignalingEvents {
  /** The session's status record says it is live, who shares and which ICE servers to use. */
  onLive(live: LiveStatus): void;
  onAnswer(sdp: string): void;
  /** An ICE restart from the sharer, over the broker because the peer link is down. */
  onOffer(sdp: string): void;
  onCandidates(candidates: CandidateInit[]): void;
  onAdmit(): void;
  onDeny(reason: DenyReason): void;
  onEnd(): void;
  /** The session's status record would not open: this link's key is not the session's. */
  onWrongKey(): void;
}

/** The helper's half of the signaling protocol: it listens on its own topic and talks to the sharer's. */
export function startHelperSignaling(
  channel: SecureChannel,
  sessionId: string,
  events: HelperSignalingEvents,
) {
  const stopOwn = channel.listen(helperTopic(sessionId, channel.selfId), (msg) => {
    switch (msg.type) {
      case 'answer':
        return events.onAnswer(msg.sdp);
      case 'offer':
        return events.onOffer(msg.sdp);
      case 'ice':
        return events.onCandidates(msg.candidates);
      case 'admit':
        return events.onAdmit();
      case 'deny':
        return events.onDeny(msg.reason);
      case 'end':
        return events.onEnd();
    }
  });
  const stopStatus = channel.listen(
    statusTopic(sessionId),
    (msg) => {
      if (msg.type !== 'status') return;
      if (msg.state === 'ended') return events.onEnd();
      const { sharerName, iceServers, iceTransportPolicy } = msg;
      events.onLive({ sharerName, iceServers, iceTransportPolicy });
    },
    (reason) => reason === 'decrypt-failed' && events.onWrongKey(),
  );
  const toSharer = sharerTopic(sessionId);
  return {
    join: (name: string, resume: string, sdp: string) =>
      channel.send(toSharer, { type: 'join', name, resume, sdp }),
    sendAnswer: (sdp: string) => channel.send(toSharer, { type: 'answer', sdp }),
    sendCandidates: (candidates: CandidateInit[]) => channel.send(toSharer, { type: 'ice', candidates }),
    leave: () => channel.send(toSharer, { type: 'leave' }),
    close: () => {
      stopOwn();
      stopStatus();
    },
  };
}
export type HelperSignaling = ReturnType<typeof startHelperSignaling>;
