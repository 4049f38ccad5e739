/**
 * The listener half of an event target, for a fake peer connection to spread in: the code under
 * test subscribes through it, the test fires by hand and can see whether it was let go of.
 */
export function fakeListeners() {
  const listeners = new Set<() => void>();
  return {
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    fire: () => listeners.forEach((listener) => listener()),
    listeners,
  };
}
