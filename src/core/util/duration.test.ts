import { describe, expect, it } from 'vitest';
import { english } from '../../../test/support/english.ts';
import { secondsLeft, sharedFor } from './duration.ts';

describe('how long a share has lasted', () => {
  it.each([
    [0, 'less than a minute'],
    [-5, 'less than a minute'],
    [59_999, 'less than a minute'],
    [60_000, '1 min'],
    [12 * 60_000 + 59_000, '12 min'],
    [60 * 60_000, '1 h'],
    [65 * 60_000, '1 h 5 min'],
    [25 * 60 * 60_000, '25 h'],
  ])('%i ms: %s', (ms, text) => expect(english(sharedFor(ms))).toBe(text));

  it.each([
    [61_000, 0, 61],
    [1_500, 1_000, 1],
    [1_000, 5_000, 0],
  ])('until %i at %i: %i s left', (until, now, left) => expect(secondsLeft(until, now)).toBe(left));
});
