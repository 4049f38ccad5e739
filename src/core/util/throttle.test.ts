import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle.ts';

describe('leading-edge throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const setup = () => {
    const sent: [number, number][] = [];
    const throttle = createThrottle<number>(
      (v) => sent.push([Date.now(), v]),
      16,
      () => Date.now(),
    );
    return { sent, throttle };
  };

  it('sends a lone call at once', () => {
    const { sent, throttle } = setup();
    const t0 = Date.now();
    throttle.call(1);
    expect(sent).toEqual([[t0, 1]]);
  });

  it('coalesces a burst to the latest, sent at the end of the interval', () => {
    const { sent, throttle } = setup();
    const t0 = Date.now();
    for (const v of [1, 2, 3, 4]) throttle.call(v);
    vi.advanceTimersByTime(20);
    expect(sent).toEqual([
      [t0, 1],
      [t0 + 16, 4],
    ]);
  });

  it('a flood gets through at one per interval', () => {
    const { sent, throttle } = setup();
    for (let i = 0; i < 10_000; i++) {
      throttle.call(i);
      if (i % 100 === 0) vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(20);
    expect(sent.length).toBeLessThanOrEqual(100 / 16 + 2);
    expect(sent.at(-1)![1]).toBe(9_999);
  });

  it('cancel drops what waits (a removed helper leaves no late pointer)', () => {
    const { sent, throttle } = setup();
    throttle.call(1);
    throttle.call(2);
    throttle.cancel();
    vi.advanceTimersByTime(50);
    expect(sent.map(([, v]) => v)).toEqual([1]);
  });

  it('after a quiet interval, sends at once again', () => {
    const { sent, throttle } = setup();
    throttle.call(1);
    vi.advanceTimersByTime(50);
    throttle.call(2);
    expect(sent.map(([, v]) => v)).toEqual([1, 2]);
  });
});
