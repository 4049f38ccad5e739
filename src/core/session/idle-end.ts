/**
 * A share nobody watches ends itself: a tab left shared after the help is over keeps a link live
 * and a capture running. The sharer is warned a minute before, and can keep sharing.
 */
export const IDLE_WARNING_MS = 60_000;

export interface IdleTimers {
  set(then: () => void, ms: number): unknown;
  clear(timer: unknown): void;
  now(): number;
}

export interface IdleEnd {
  /** Someone is in the share (asking or watching): nothing ends. */
  busy(): void;
  /** No one is: the countdown starts over from now. */
  quiet(): void;
  close(): void;
}

/**
 * Counts down while the share is quiet: `onWarn(endsAt)` a minute before `onEnd()`, `onWarn(null)`
 * when someone comes (or the sharer keeps sharing) in the meantime. `endAfterMs` 0 never ends.
 */
export function createIdleEnd(
  endAfterMs: number,
  timers: IdleTimers,
  on: { warn(endsAt: number | null): void; end(): void },
): IdleEnd {
  let pending: unknown[] = [];
  let warned = false;
  const cancel = () => {
    pending.forEach((timer) => timers.clear(timer));
    pending = [];
    if (warned) on.warn(null);
    warned = false;
  };
  return {
    busy: cancel,
    quiet() {
      cancel();
      if (endAfterMs <= 0) return;
      const endsAt = timers.now() + endAfterMs;
      const warnIn = Math.max(0, endAfterMs - IDLE_WARNING_MS);
      pending = [
        timers.set(() => {
          warned = true;
          on.warn(endsAt);
        }, warnIn),
        timers.set(() => {
          pending = [];
          on.end();
        }, endAfterMs),
      ];
    },
    close() {
      pending.forEach((timer) => timers.clear(timer));
      pending = [];
    },
  };
}
