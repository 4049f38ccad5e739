import type { CandidateInit } from '../protocol/signal.ts';
import type { Offer } from './sharer-signaling.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic } from './topics.ts';

export interface HelperSignalingEvents {
  onOffer(offer: Offer): void;
  onCandidate(candidate: CandidateInit | null): void;
  onEnd(): void;
}

/** The helper's half of the signaling protocol: it listens on its own topic and talks to the sharer's. */
export function startHelperSignaling(
  channel: SecureChannel,
  sessionId: string,
  events: HelperSignalingEvents,
) {
  const stopListening = channel.listen(helperTopic(sessionId, channel.selfId), (msg) => {
    switch (msg.type) {
      case 'offer':
        return events.onOffer({
          sdp: msg.sdp,
          iceServers: msg.iceServers,
          iceTransportPolicy: msg.iceTransportPolicy,
        });
      case 'ice':
        return events.onCandidate(msg.candidate);
      case 'end':
        return events.onEnd();
    }
  });
  const toSharer = sharerTopic(sessionId);
  return {
    join: (name: string) => channel.send(toSharer, { type: 'join', name }),
    sendAnswer: (sdp: string) => channel.send(toSharer, { type: 'answer', sdp }),
    sendCandidate: (candidate: CandidateInit | null) => channel.send(toSharer, { type: 'ice', candidate }),
    leave: () => channel.send(toSharer, { type: 'leave' }),
    close: stopListening,
  };
}
export type HelperSignaling = ReturnType<typeof startHelperSignaling>;
