import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows a burst, then refills over time', () => {
    let t = 0;
    const limiter = createRateLimiter({ burst: 3, perSecond: 2, now: () => t });
    const client = {};
    expect([1, 2, 3, 4].map(() => limiter.allow(client))).toEqual([true, true, true, false]);
    t += 500;
    expect([limiter.allow(client), limiter.allow(client)]).toEqual([true, false]);
    expect(limiter.allow({})).toBe(true);
  });
});
