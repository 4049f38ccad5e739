import type { PayloadHandler, Transport } from '../../src/core/signaling/transport.ts';

/** An in-memory broker for unit tests: exact topic match, retained messages, asynchronous delivery. */
export function createMemoryHub() {
  const subscribers = new Map<string, Set<PayloadHandler>>();
  const retained = new Map<string, Uint8Array>();
  const published: { topic: string; payload: Uint8Array; retain: boolean }[] = [];
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
        const kept = retained.get(topic);
        if (kept !== undefined) queueMicrotask(() => onPayload(kept));
        return off;
      },
      publish(topic, payload, options) {
        const retain = options?.retain ?? false;
        published.push({ topic, payload, retain });
        if (retain) retained.set(topic, payload);
        for (const handler of subscribers.get(topic) ?? []) queueMicrotask(() => handler(payload));
      },
      close() {
        for (const off of [...mine]) off();
      },
    };
  };
  return { connect, published };
}
