/** A spare is rebuilt this long after it was taken (not at once: the helper who took it is connecting). */
const SPARE_REFILL_MS = 1000;
/** Pooled candidates go stale when the network changes; a spare older than this is rebuilt. */
const SPARE_MAX_AGE_MS = 2 * 60_000;

/**
 * Keeps one helper link (`build`) built and gathered ahead of the next join (Trystero keeps an offer
 * pool for the same reason; docs/decisions/0008-spare-peer-and-early-peer.md). Two joins at once:
 * the second builds its own.
 */
export function keepSpare<T extends { close(): unknown }>(build: () => T) {
  let spare: T | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refill = () => {
    void spare?.close();
    spare = build();
    timer = setTimeout(refill, SPARE_MAX_AGE_MS);
  };
  refill();
  return {
    take(): T {
      const peer = spare ?? build();
      spare = null;
      clearTimeout(timer);
      if (!closed) timer = setTimeout(refill, SPARE_REFILL_MS);
      return peer;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      void spare?.close();
      spare = null;
    },
  };
}
