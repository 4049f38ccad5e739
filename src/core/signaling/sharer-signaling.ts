import type { CandidateInit, IceServerConfig } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic } from './topics.ts';

export interface SharerSignalingEvents {
  onJoin(helperId: string, name: string): void;
  onAnswer(helperId: string, sdp: string): void;
  onCandidate(helperId: string, candidate: CandidateInit | null): void;
  onLeave(helperId: string): void;
}

export interface Offer {
  sdp: string;
  iceServers: IceServerConfig[];
  iceTransportPolicy: 'all' | 'relay';
}

/** The sharer's half of the signaling protocol (see README, "Signaling protocol"). */
export function startSharerSignaling(
  channel: SecureChannel,
  sessionId: string,
  events: SharerSignalingEvents,
) {
  const known = new Set<string>();
  const stopListening = channel.listen(sharerTopic(sessionId), (msg, from) => {
    switch (msg.type) {
      case 'join':
        known.add(from);
        return events.onJoin(from, msg.name);
      case 'answer':
        return known.has(from) && events.onAnswer(from, msg.sdp);
      case 'ice':
        return known.has(from) && events.onCandidate(from, msg.candidate);
      case 'leave':
        if (known.delete(from)) events.onLeave(from);
        return;
      // A helper never offers or ends the session: ignore.
    }
  });
  const to = (helperId: string) => helperTopic(sessionId, helperId);
  return {
    sendOffer: (helperId: string, offer: Offer) => channel.send(to(helperId), { type: 'offer', ...offer }),
    sendCandidate: (helperId: string, candidate: CandidateInit | null) =>
      channel.send(to(helperId), { type: 'ice', candidate }),
    /** Tells every helper we have heard from that the share is over. */
    end: () => Promise.all([...known].map((id) => channel.send(to(id), { type: 'end' }))),
    forget: (helperId: string) => known.delete(helperId),
    close: stopListening,
  };
}
export type SharerSignaling = ReturnType<typeof startSharerSignaling>;
