/**
 * Collects items for `windowMs` after the first, then hands them over together. ICE candidates
 * trickle out in bursts: one sealed message per burst, not per candidate
 * (docs/decisions/0010-few-small-signaling-messages.md).
 */
export function createBatcher<T>(flush: (items: T[]) => void, windowMs = 40, max = 16) {
  let items: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = items;
    items = [];
    if (batch.length > 0) flush(batch);
  };
  return {
    add(item: T) {
      items.push(item);
      if (items.length >= max) send();
      else timer ??= setTimeout(send, windowMs);
    },
    /** Sends what is waiting now (gathering finished). */
    flush: send,
  };
}
