import {
  openEnvelope,
  sealEnvelope,
  WITH_LINK,
  type EnvelopeError,
  type SealedWith,
} from '../protocol/envelope.ts';
import type { SignalMessage } from '../protocol/signal.ts';
import type { Transport } from './transport.ts';

export type DropReason = EnvelopeError | 'replayed' | 'own';

/** Per sender, this many recent sequence numbers are remembered; anything older is a replay. */
const REMEMBERED_PER_SENDER = 512;
/** Senders remembered at once (oldest forgotten first): one link holder's made-up ids cannot grow this. */
const REMEMBERED_SENDERS = 1024;

export interface SecureChannel {
  readonly selfId: string;
  /** `pair` seals for one sharer-helper pair (named by the helper's id) instead of the link's key. */
  send(topic: string, msg: SignalMessage, options?: { retain?: boolean; pair?: string }): Promise<void>;
  /** The key of one pair; a promise while it is still being agreed (messages wait for it). */
  setPairKey(pair: string, key: CryptoKey | null | Promise<CryptoKey | null>): void;
  forgetPair(pair: string): void;
  /** `onDrop` hears what could not be used on this topic (the helper spots a wrong key with it). */
  listen(
    topic: string,
    onMessage: (msg: SignalMessage, from: string, sealed: SealedWith) => void,
    onDrop?: (reason: DropReason) => void,
  ): () => void;
  readonly dropped: Readonly<Partial<Record<DropReason, number>>>;
  /** Messages not sent because their pair has no key (forgotten, or never agreed). */
  readonly unsent: number;
  close(): void;
}

/**
 * Seals what we send and opens what we receive; anything that does not open, or that we have seen
 * before (QoS 1 duplicates, replays), is dropped and counted, never thrown.
 *
 * Freshness rests on keys and sequence numbers, not clocks: the link's key is new for every share
 * and a pair's for every join, so nothing from before can open, and within them a sender's
 * sequence number is never accepted twice. A helper whose clock is wrong is not told apart from
 * any other (the `ts` each message carries is for diagnostics only).
 */
export function createSecureChannel(options: {
  transport: Transport;
  key: CryptoKey;
  selfId: string;
  now?: () => number;
}): SecureChannel {
  const { transport, key, selfId, now = Date.now } = options;
  let seq = 0;
  const seen = new Map<string, { floor: number; numbers: Set<number> }>();
  const pairs = new Map<string, Promise<CryptoKey | null>>();
  const dropped: Partial<Record<DropReason, number>> = {};
  let unsent = 0;
  const firstTime = (from: string, n: number) => {
    let record = seen.get(from);
    if (record) seen.delete(from);
    else record = { floor: -1, numbers: new Set() };
    // Most recently heard last, so the first in the map is the one to forget.
    seen.set(from, record);
    if (seen.size > REMEMBERED_SENDERS) seen.delete(seen.keys().next().value as string);
    if (n <= record.floor || record.numbers.has(n)) return false;
    record.numbers.add(n);
    if (record.numbers.size > REMEMBERED_PER_SENDER) {
      const oldest = Math.min(...record.numbers);
      record.numbers.delete(oldest);
      record.floor = Math.max(record.floor, oldest);
    }
    return true;
  };
  const keyFor = (sealed: SealedWith) => (sealed.with === 'link' ? key : (pairs.get(sealed.pair) ?? null));
  return {
    selfId,
    dropped,
    get unsent() {
      return unsent;
    },
    async send(topic, msg, sendOptions) {
      const sealed: SealedWith = sendOptions?.pair ? { with: 'pair', pair: sendOptions.pair } : WITH_LINK;
      const sealingKey = await keyFor(sealed);
      // A pair forgotten (the helper left) or never agreed: there is no one to send it to.
      if (!sealingKey) return void unsent++;
      const body = { from: selfId, seq: seq++, ts: now(), msg };
      const wire = await sealEnvelope(sealingKey, topic, body, sealed);
      transport.publish(topic, wire, sendOptions?.retain ? { retain: true } : undefined);
    },
    setPairKey(pair, pairKey) {
      pairs.set(pair, Promise.resolve(pairKey));
    },
    forgetPair(pair) {
      pairs.delete(pair);
    },
    listen(topic, onMessage, onDrop) {
      const drop = (reason: DropReason) => {
        dropped[reason] = (dropped[reason] ?? 0) + 1;
        onDrop?.(reason);
      };
      return transport.subscribe(topic, (payload) => {
        void openEnvelope(keyFor, topic, payload).then((result) => {
          if (!result.ok) return drop(result.error);
          const { body, sealed } = result.value;
          if (body.from === selfId) return drop('own');
          // A retained status is read again by design, and repeating it only repeats "live" or "ended".
          if (body.msg.type !== 'status' && !firstTime(body.from, body.seq)) return drop('replayed');
          onMessage(body.msg, body.from, sealed);
        });
      });
    },
    close: () => transport.close(),
  };
}
