import type { CandidateInit, DenyReason, LiveStatus } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface SharerSignalingEvents {
  /** A helper asks to watch, with its offer. The same helper asking again repeats the same offer. */
  onJoin(helperId: string, name: string, resume: string, sdp: string): void;
  /** The helper's answer to an ICE restart offered over the broker. */
  onAnswer(helperId: string, sdp: string): void;
  onCandidates(helperId: string, candidates: CandidateInit[]): void;
  onLeave(helperId: string): void;
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
        return events.onJoin(from, msg.name, msg.resume, msg.sdp);
      case 'answer':
        return known.has(from) && events.onAnswer(from, msg.sdp);
      case 'ice':
        return known.has(from) && events.onCandidates(from, msg.candidates);
      case 'leave':
        if (known.delete(from)) events.onLeave(from);
        return;
      // A helper never restarts, admits or ends anything: ignore.
    }
  });
  const to = (helperId: string) => helperTopic(sessionId, helperId);
  return {
    sendAnswer: (helperId: string, sdp: string) => channel.send(to(helperId), { type: 'answer', sdp }),
    /** An ICE restart while the peer link is down: only the broker can carry it. */
    sendOffer: (helperId: string, sdp: string) => channel.send(to(helperId), { type: 'offer', sdp }),
    sendCandidates: (helperId: string, candidates: CandidateInit[]) =>
      channel.send(to(helperId), { type: 'ice', candidates }),
    admit: (helperId: string) => channel.send(to(helperId), { type: 'admit' }),
    deny: (helperId: string, reason: DenyReason) => channel.send(to(helperId), { type: 'deny', reason }),
    announceLive: (live: LiveStatus) =>
      channel.send(statusTopic(sessionId), { type: 'status', state: 'live', ...live }, { retain: true }),
    /** The link is dead for good: later opens read "ended"; helpers we know are told now. */
    end: () =>
      Promise.all([
        channel.send(statusTopic(sessionId), { type: 'status', state: 'ended' }, { retain: true }),
        ...[...known].map((id) => channel.send(to(id), { type: 'end' })),
      ]),
    forget: (helperId: string) => known.delete(helperId),
    close: stopListening,
  };
}
export type SharerSignaling = ReturnType<typeof startSharerSignaling>;
