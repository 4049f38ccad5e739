/** How long an offer or answer waits at most for a first candidate to carry (both sides). */
export const FIRST_CANDIDATE_WAIT_MS = 50;

/** The part of `RTCPeerConnection` this needs, so Node tests can drive it with a fake. */
export interface Gathering {
  readonly iceGatheringState: string;
  readonly localDescription: { sdp: string } | null;
  addEventListener(type: 'icecandidate' | 'icegatheringstatechange', listener: () => void): void;
  removeEventListener(type: 'icecandidate' | 'icegatheringstatechange', listener: () => void): void;
}

/**
 * Resolves once the local description carries a candidate (or gathering is over), or after `maxMs`.
 * An offer or answer sent then lets the other side start ICE checks at once, instead of waiting for
 * the first trickled batch or for our own checks to reveal our address (issue 5, connect time). What
 * comes later (a slow STUN or TURN server) trickles.
 */
export function firstCandidates(pc: Gathering, maxMs = FIRST_CANDIDATE_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pc.iceGatheringState !== 'complete' && !/\na=candidate:/.test(pc.localDescription?.sdp ?? ''))
        return;
      finish();
    };
    const finish = () => {
      clearTimeout(timer);
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
