export type RateVerdict = { ok: true } | { ok: false; retryAfterS: number };

/**
 * A token bucket per client address, for an HTTP endpoint (`/ice`), where a refusal tells the
 * client when to come back. Unlike `src/core/util/rate-limit.ts`, which keys on a connection that
 * comes and goes, addresses are strings that never go away by themselves: a bucket that has filled
 * up again is forgotten (it says nothing a new one would not), and past `maxAddresses` the one used
 * longest ago goes first, so a client with many addresses costs memory up to the cap, not beyond.
 */
export function createAddressRateLimit(options: {
  burst: number;
  perSecond: number;
  maxAddresses: number;
  now?: () => number;
}) {
  const { burst, perSecond, maxAddresses, now = Date.now } = options;
  /** In order of last use: a `Map` iterates in insertion order, and each use inserts again. */
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refilled = (bucket: { tokens: number; at: number }, t: number) =>
    Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
  return {
    take(address: string): RateVerdict {
      const t = now();
      const held = buckets.get(address);
      const tokens = held ? refilled(held, t) : burst;
      buckets.delete(address);
      for (const [oldest, bucket] of buckets) {
        if (buckets.size < maxAddresses && refilled(bucket, t) < burst) break;
        buckets.delete(oldest);
      }
      if (tokens < 1) {
        buckets.set(address, { tokens, at: t });
        return { ok: false, retryAfterS: Math.ceil((1 - tokens) / perSecond) };
      }
      buckets.set(address, { tokens: tokens - 1, at: t });
      return { ok: true };
    },
    /** Addresses whose bucket is not full. */
    get tracked() {
      return buckets.size;
    },
  };
}
