import { openEnvelope, sealEnvelope, type EnvelopeError } from '../protocol/envelope.ts';
import type { SignalMessage } from '../protocol/signal.ts';
import type { Transport } from './transport.ts';

export type DropReason = EnvelopeError | 'replayed' | 'stale' | 'own';

/** A captured message sent again later is refused past this age (clocks may differ by a little). */
export const MAX_MESSAGE_AGE_MS = 5 * 60_000;
const REMEMBERED_PER_SENDER = 512;

export interface SecureChannel {
  readonly selfId: string;
  send(topic: string, msg: SignalMessage, options?: { retain?: boolean }): Promise<void>;
  /** `onDrop` hears what could not be used on this topic (the helper spots a wrong key with it). */
  listen(
    topic: string,
    onMessage: (msg: SignalMessage, from: string) => void,
    onDrop?: (reason: DropReason) => void,
  ): () => void;
  readonly dropped: Readonly<Partial<Record<DropReason, number>>>;
  close(): void;
}

/**
 * Seals what we send and opens what we receive; anything that does not open, or that we have seen
 * before (QoS 1 duplicates, replays), is dropped and counted, never thrown.
 */
export function createSecureChannel(options: {
  transport: Transport;
  key: CryptoKey;
  selfId: string;
  now?: () => number;
}): SecureChannel {
  const { transport, key, selfId, now = Date.now } = options;
  let seq = 0;
  const seen = new Map<string, Set<number>>();
  const dropped: Partial<Record<DropReason, number>> = {};
  const firstTime = (from: string, n: number) => {
    let set = seen.get(from);
    if (!set) seen.set(from, (set = new Set()));
    if (set.has(n)) return false;
    set.add(n);
    if (set.size > REMEMBERED_PER_SENDER) set.delete(set.values().next().value as number);
    return true;
  };
  return {
    selfId,
    dropped,
    async send(topic, msg, sendOptions) {
      const wire = await sealEnvelope(key, topic, { from: selfId, seq: seq++, ts: now(), msg });
      transport.publish(topic, wire, sendOptions);
    },
    listen(topic, onMessage, onDrop) {
      const drop = (reason: DropReason) => {
        dropped[reason] = (dropped[reason] ?? 0) + 1;
        onDrop?.(reason);
      };
      return transport.subscribe(topic, (payload) => {
        void openEnvelope(key, topic, payload).then((result) => {
          if (!result.ok) return drop(result.error);
          const { from, seq: n, ts, msg } = result.value;
          if (from === selfId) return drop('own');
          // A retained status is old by design, and replaying it only repeats "live" or "ended".
          if (msg.type !== 'status' && Math.abs(now() - ts) > MAX_MESSAGE_AGE_MS) return drop('stale');
          if (!firstTime(from, n)) return drop('replayed');
          onMessage(msg, from);
        });
      });
    },
    close: () => transport.close(),
  };
}
