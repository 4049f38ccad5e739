import type { CandidateInit } from '../protocol/signal.ts';
import { failures } from '../util/failures.ts';
import { takeCandidates } from './sdp-candidates.ts';

/** The part of `RTCPeerConnection` this needs, so Node tests can drive it with a fake. */
export interface CandidateTarget {
  readonly remoteDescription: unknown;
  addIceCandidate(candidate: CandidateInit): Promise<void>;
}

/**
 * The other side's trickled candidates. `addIceCandidate` refuses one that comes before the remote
 * description, and a batch over the broker can overtake the offer or answer it follows, so those
 * wait here until `flush` (called once the description is set). A candidate that fails is dropped:
 * one bad candidate must not stop the rest. `target` is read each time (the helper may rebuild its
 * peer).
 */
export function createRemoteCandidates(target: () => CandidateTarget) {
  const held: CandidateInit[] = [];
  let holding = false;
  const apply = (candidate: CandidateInit) =>
    target().addIceCandidate(candidate).catch(failures.as('add-remote-candidate'));
  return {
    add(candidate: CandidateInit | null) {
      if (!candidate) return;
      if (!holding && target().remoteDescription) void apply(candidate);
      else held.push(candidate);
    },
    /**
     * Takes the candidates `sdp` carries and keeps them, and any that come after, until `flush`,
     * even once the description is set. Returns `sdp` without them, to be set as the description.
     */
    holdFrom(sdp: string): string {
      const taken = takeCandidates(sdp);
      holding = true;
      held.push(...taken.candidates);
      return taken.sdp;
    },
    async flush() {
      holding = false;
      for (const candidate of held.splice(0)) await apply(candidate);
    },
  };
}
