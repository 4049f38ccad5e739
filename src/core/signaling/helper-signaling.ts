import type { CandidateInit, DenyReason } from '../protocol/signal.ts';
import type { Offer } from './sharer-signaling.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface HelperSignalingEvents {
  onOffer(offer: Offer): void;
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
      case 'offer':
        return events.onOffer({
          sdp: msg.sdp,
          iceServers: msg.iceServers,
          iceTransportPolicy: msg.iceTransportPolicy,
          sharerName: msg.sharerName,
        });
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
    (msg) => msg.type === 'status' && msg.state === 'ended' && events.onEnd(),
    (reason) => reason === 'decrypt-failed' && events.onWrongKey(),
  );
  const toSharer = sharerTopic(sessionId);
  return {
    join: (name: string, resume: string) => channel.send(toSharer, { type: 'join', name, resume }),
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
