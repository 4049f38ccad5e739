/**
 * At most one call per `intervalMs`, with no waiting for the first: a call that comes after a quiet
 * interval goes through at once; calls inside the interval are coalesced, and the latest goes at
 * its end. Pointer moves get there a frame sooner than with a fixed delay, and a flood still gets
 * through at no more than one per interval (docs/decisions/0014-pointer-drawn-on-arrival.md,
 * docs/decisions/0015-rate-limits-against-floods.md).
 */
export function createThrottle<T>(
  send: (value: T) => void,
  intervalMs = 16,
  now: () => number = () => performance.now(),
) {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    send(value);
  };
  return {
    call(value: T) {
      pending = { value };
      if (timer !== undefined) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
