import type { PeerToHelperEvents } from '../../src/extension/peer-to-helper.ts';
import type { PeerToHelper } from '../../src/extension/peer-to-helper.ts';

/**
 * A peer to a helper, for the session's unit tests: answers a join after `answerDelayMs` (the real one
 * waits up to 50 ms for its candidates) and records what the session asked of it.
 */
export function createFakePeerToHelper(options: { answerDelayMs?: number; failToHide?: boolean } = {}) {
  const record = {
    offer: null as string | null,
    handlers: null as PeerToHelperEvents | null,
    /** Every `setVideo` call, in order: true shows the picture. */
    video: [] as boolean[],
    /** Every "paused" told to the helper's page. */
    paused: [] as boolean[],
    /** Every rejoin ticket given to the helper. */
    tickets: [] as string[],
    closed: null as { reason: string | undefined } | null,
  };
  const peer: PeerToHelper = {
    start(offer, handlers) {
      record.offer = offer;
      record.handlers = handlers;
      setTimeout(() => {
        if (record.closed) return;
        handlers.sendAnswer(`answer to ${offer}`);
        handlers.onCode('123456');
      }, options.answerDelayMs ?? 0);
    },
    resendAnswer() {
      if (record.offer) record.handlers?.sendAnswer(`answer to ${record.offer}`);
    },
    acceptAnswer: () => Promise.resolve(),
    addCandidate: () => undefined,
    setVideo(show) {
      record.video.push(show);
      return !show && options.failToHide
        ? Promise.reject(new Error('replaceTrack failed'))
        : Promise.resolve();
    },
    sendTicket(ticket) {
      record.tickets.push(ticket);
    },
    tellPaused(paused) {
      record.paused.push(paused);
    },
    close(reason) {
      record.closed = { reason };
      return Promise.resolve();
    },
  };
  return { peer, record };
}
export type FakePeerToHelper = ReturnType<typeof createFakePeerToHelper>;
