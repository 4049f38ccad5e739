/**
 * A token bucket per client (a broker connection, a helper's data channel): normal use comes in
 * bursts and then next to nothing; past the limit is a flood, and what floods is dropped.
 */
export function createRateLimiter(options: { burst?: number; perSecond?: number; now?: () => number } = {}) {
  const { burst = 200, perSecond = 50, now = Date.now } = options;
  const buckets = new WeakMap<object, { tokens: number; at: number }>();
  return {
    allow(client: object): boolean {
      const t = now();
      const bucket = buckets.get(client) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(client, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
