import { describe, expect, it } from 'vitest';
import { createAddressRateLimit } from './address-rate-limit.ts';

/** A limiter on a clock the test moves, and what `take` said for each step. */
function run(steps: readonly (readonly [atMs: number, address: string])[], maxAddresses = 100) {
  let t = 0;
  const limit = createAddressRateLimit({ burst: 3, perSecond: 0.5, maxAddresses, now: () => t });
  const verdicts = steps.map(([at, address]) => {
    t = at;
    const verdict = limit.take(address);
    return verdict.ok ? 'ok' : `retry in ${verdict.retryAfterS} s`;
  });
  return { verdicts, tracked: limit.tracked };
}

describe('rate limit per address', () => {
  it.each([
    [
      'the burst at once, then refused',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
      ],
      ['ok', 'ok', 'ok', 'retry in 2 s'],
    ],
    [
      'one token back after 2 s',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [2000, 'a'],
        [2000, 'a'],
      ],
      ['ok', 'ok', 'ok', 'ok', 'retry in 2 s'],
    ],
    [
      'half a token back: the rest of the wait',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [1000, 'a'],
      ],
      ['ok', 'ok', 'ok', 'retry in 1 s'],
    ],
    [
      'a wait of part of a second is rounded up',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [500, 'a'],
      ],
      ['ok', 'ok', 'ok', 'retry in 2 s'],
    ],
    [
      'a refusal costs no token',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [2000, 'a'],
      ],
      ['ok', 'ok', 'ok', 'retry in 2 s', 'retry in 2 s', 'ok'],
    ],
    [
      'never more than the burst after a long rest',
      [
        [0, 'a'],
        [60_000, 'a'],
        [60_000, 'a'],
        [60_000, 'a'],
        [60_000, 'a'],
      ],
      ['ok', 'ok', 'ok', 'ok', 'retry in 2 s'],
    ],
    [
      'each address its own bucket',
      [
        [0, 'a'],
        [0, 'a'],
        [0, 'a'],
        [0, 'b'],
        [0, 'a'],
      ],
      ['ok', 'ok', 'ok', 'ok', 'retry in 2 s'],
    ],
  ] as const)('%s', (_name, steps, verdicts) => {
    expect(run(steps).verdicts).toEqual(verdicts);
  });

  it.each([
    [
      'a bucket that filled up again is forgotten',
      [
        [0, 'a'],
        [0, 'b'],
        [6000, 'c'],
      ],
      100,
      1,
    ],
    [
      'one still refilling is kept',
      [
        [0, 'a'],
        [0, 'b'],
        [1000, 'c'],
      ],
      100,
      3,
    ],
    [
      'past the cap, the one used longest ago goes',
      [
        [0, 'a'],
        [0, 'b'],
        [0, 'c'],
        [0, 'd'],
      ],
      2,
      2,
    ],
  ] as const)('%s', (_name, steps, maxAddresses, tracked) => {
    expect(run(steps, maxAddresses).tracked).toBe(tracked);
  });

  it('past the cap, the address pushed out starts again from a full bucket', () => {
    const steps = [
      [0, 'a'],
      [0, 'a'],
      [0, 'a'],
      [0, 'b'],
      [0, 'c'],
      [0, 'a'],
    ] as const;
    expect(run(steps, 2).verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(run(steps, 3).verdicts.at(-1)).toBe('retry in 2 s');
  });
});
