import { vi } from 'vitest';

/** Whether `promise` has settled once fake timers have run what is due now. */
export async function settled(promise: Promise<unknown>) {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}
