import { describe, expect, it } from 'vitest';
import { createRefusalCounts, refusalKind } from './refusal-counts.ts';

describe('refusal counts', () => {
  it.each([
    ['too many connections from this address', 'too many connections from this address'],
    ['origin not allowed: https://evil.example', 'origin not allowed'],
    ['packet too large (209715200 bytes, at most 66560)', 'packet too large'],
    ['topic not allowed: lookover/v1/abcdefgh/x', 'topic not allowed'],
    ['/ice asked too often', '/ice asked too often'],
    ['Invalid Header Flag Bits', 'invalid header flag bits'],
    [': nothing before', 'other'],
  ])('counts "%s" as "%s"', (reason, kind) => {
    expect(refusalKind(reason)).toBe(kind);
  });

  it('counts each kind apart, and past the cap any new kind as other', () => {
    const counts = createRefusalCounts(2);
    for (const reason of ['a: 1', 'a: 2', 'b', 'c', 'd', 'b']) counts.add(reason);
    expect(counts.entries()).toEqual([
      ['a', 2],
      ['b', 2],
      ['other', 2],
    ]);
  });
});
