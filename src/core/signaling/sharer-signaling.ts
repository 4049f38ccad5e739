import type { CandidateInit, DenyReason, IceServerConfig } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface SharerSignalingEvents {
  onJoin(helperId: string, name: string, resume: string): void;
  onAnswer(helperId: string, sdp: string): void;
  onCandidates(helperId: string, candidates: CandidateInit[]): void;
  onLeave(helperId: string): void;
}

export interface Offer {
  sdp: string;
  iceServers: IceServerConfig[];
  iceTransportPolicy: 'all' | 'relay';
  sharerName: string;
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
        return events.onJoin(from, msg.name, msg.resume);
      case 'answer':
        return known.has(from) && events.onAnswer(from, msg.sdp);
      case 'ice':
        return known.has(from) && events.onCandidates(from, msg.candidates);
      case 'leave':
        if (known.delete(from)) events.onLeave(from);
        return;
      // A helper never offers, admits or ends anything: ignore.
    }
  });
  const to = (helperId: string) => helperTopic(sessionId, helperId);
  const status = (state: 'live' | 'ended') =>
    channel.send(statusTopic(sessionId), { type: 'status', state }, { retain: true });
  return {
    sendOffer: (helperId: string, offer: Offer) => channel.send(to(helperId), { type: 'offer', ...offer }),
    sendCandidates: (helperId: string, candidates: CandidateInit[]) =>
      channel.send(to(helperId), { type: 'ice', candidates }),
    admit: (helperId: string) => channel.send(to(helperId), { type: 'admit' }),
    deny: (helperId: string, reason: DenyReason) => channel.send(to(helperId), { type: 'deny', reason }),
    announceLive: () => status('live'),
    /** The link is dead for good: later opens read "ended"; helpers we know are told now. */
    end: () =>
      Promise.all([status('ended'), ...[...known].map((id) => channel.send(to(id), { type: 'end' }))]),
    forget: (helperId: string) => known.delete(helperId),
    close: stopListening,
  };
}
export type SharerSignaling = ReturnType<typeof startSharerSignaling>;
