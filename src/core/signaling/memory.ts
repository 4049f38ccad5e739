import type { PayloadHandler, Transport } from './transport.ts';

/** An in-memory broker for unit tests: exact topic match, asynchronous delivery like a real one. */
export function createMemoryHub() {
  const subscribers = new Map<string, Set<PayloadHandler>>();
  const published: { topic: string; payload: string }[] = [];
  const connect = (): Transport => {
    const mine = new Set<() => void>();
    return {
      subscribe(topic, onPayload) {
        const set = subscribers.get(topic) ?? new Set();
        subscribers.set(topic, set);
        set.add(onPayload);
        const off = () => {
          set.delete(onPayload);
          mine.delete(off);
        };
        mine.add(off);
        return off;
      },
      publish(topic, payload) {
        published.push({ topic, payload });
        for (const handler of subscribers.get(topic) ?? []) queueMicrotask(() => handler(payload));
      },
      close() {
        for (const off of [...mine]) off();
      },
    };
  };
  return { connect, published };
}
