import { createBatcher } from '../util/batch.ts';
import type { CandidateInit } from '../protocol/signal.ts';
import { candidateKey, carriedCandidates } from './sdp-candidates.ts';

/**
 * Where a local ICE candidate goes, the same on both sides. While the peer link is up, over it: the
 * broker is not needed once connected (docs/decisions/0005-peer-link-after-connect.md). Otherwise
 * batched to the broker, one sealed message per burst, leaving out any the last offer or answer
 * already carried (docs/decisions/0010-few-small-signaling-messages.md). `null` is the end of
 * gathering: it goes over the peer link, or sends what waits.
 */
export function createCandidateRoute(to: {
  peerLinkUp(): boolean;
  peer(candidate: CandidateInit | null): void;
  broker(candidates: CandidateInit[]): void;
}) {
  let carried = new Set<string>();
  const batch = createBatcher<CandidateInit>((candidates) => {
    const fresh = candidates.filter((candidate) => !carried.has(candidateKey(candidate.candidate)));
    if (fresh.length > 0) to.broker(fresh);
  });
  return {
    /** The offer or answer just sent: its candidates are not sent again. */
    carried(sdp: string) {
      carried = carriedCandidates(sdp);
    },
    add(candidate: CandidateInit | null) {
      if (to.peerLinkUp()) to.peer(candidate);
      else if (candidate) batch.add(candidate);
      else batch.flush();
    },
  };
}
