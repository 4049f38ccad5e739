/**
 * How long the sharer keeps a joining helper's candidates back at most (see `firstContact`). About
 * one broker round trip: by then the helper has had the answer for about one one-way trip.
 */
export const FIRST_CONTACT_WAIT_MS = 50;

/** The part of `RTCPeerConnection` this needs, so Node tests can drive it with a fake. */
export interface IceState {
  readonly iceConnectionState: string;
  addEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
  removeEventListener(type: 'iceconnectionstatechange', listener: () => void): void;
}

/**
 * Resolves once the other side's first connectivity check has reached us (ICE leaves `new`), or
 * after `maxMs`, whichever is first.
 *
 * Why the sharer waits for it: the join's offer carries the helper's candidates, so the sharer
 * could check them at once, but its answer still has a broker trip to make. A check that reaches
 * the helper before the answer does starts the helper's ICE timer early, and the helper's choice of
 * path then waits for that timer's next tick, with both sides idle. Held back, the helper checks
 * first as soon as it has the answer, and the path is chosen at once. Behind a NAT that drops the
 * helper's checks until ours open it, we check after `maxMs` anyway
 * (docs/decisions/0009-candidate-hold-and-first-contact.md).
 */
export function firstContact(pc: IceState, maxMs = FIRST_CONTACT_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pc.iceConnectionState !== 'new') finish();
    };
    const finish = () => {
      clearTimeout(timer);
      pc.removeEventListener('iceconnectionstatechange', check);
      resolve();
    };
    const timer = setTimeout(finish, maxMs);
    pc.addEventListener('iceconnectionstatechange', check);
    check();
  });
}
