/** How long an offer or answer waits at most for its first burst of candidates (both sides). */
export const FIRST_CANDIDATE_WAIT_MS = 50;
/** A burst of candidates is over once none has come for this long. */
export const CANDIDATE_BURST_GAP_MS = 5;

/** The part of `RTCPeerConnection` this needs, so Node tests can drive it with a fake. */
export interface Gathering {
  readonly iceGatheringState: string;
  readonly localDescription: { sdp: string } | null;
  addEventListener(type: 'icecandidate' | 'icegatheringstatechange', listener: () => void): void;
  removeEventListener(type: 'icecandidate' | 'icegatheringstatechange', listener: () => void): void;
}

/**
 * Resolves once the local description carries the first burst of candidates (or gathering is
 * over), or after `maxMs`. An offer or answer sent then lets the other side start ICE checks at
 * once, instead of waiting for the first trickled batch or for our own checks to reveal our address.
 * What comes later (a slow STUN or TURN server) trickles.
 *
 * The whole burst, not its first candidate: the host candidates come out together (from the pool,
 * within a millisecond), and the first is not always the best. Sent with loopback IPv4 alone, the
 * other side took it, then found IPv6 in the next batch and switched paths mid-handshake
 * (docs/decisions/0009-candidate-hold-and-first-contact.md).
 */
export function firstCandidates(
  pc: Gathering,
  maxMs = FIRST_CANDIDATE_WAIT_MS,
  quietMs = CANDIDATE_BURST_GAP_MS,
): Promise<void> {
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      if (pc.iceGatheringState === 'complete') return finish();
      if (!/\na=candidate:/.test(pc.localDescription?.sdp ?? '')) return;
      clearTimeout(quiet);
      quiet = setTimeout(finish, quietMs);
    };
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      pc.removeEventListener('icegatheringstatechange', check);
      pc.removeEventListener('icecandidate', check);
      resolve();
    };
    const timer = setTimeout(finish, maxMs);
    pc.addEventListener('icegatheringstatechange', check);
    pc.addEventListener('icecandidate', check);
    check();
  });
}
