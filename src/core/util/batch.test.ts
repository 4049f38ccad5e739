import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher } from './batch.ts';

describe('batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each<[string, (add: (n: number) => void, flush: () => void) => void, number[][]]>([
    ['a burst becomes one batch', (add) => [1, 2, 3].forEach(add), [[1, 2, 3]]],
    [
      'a later burst is a second batch',
      (add) => {
        add(1);
        vi.advanceTimersByTime(50);
        add(2);
      },
      [[1], [2]],
    ],
    ['a full batch goes at once', (add) => [1, 2, 3, 4, 5].forEach(add), [[1, 2, 3, 4], [5]]],
    ['flush sends what waits, and nothing twice', (add, flush) => (add(1), flush()), [[1]]],
    ['nothing waiting sends nothing', (_add, flush) => flush(), []],
  ])('%s', (_name, act, expected) => {
    const batches: number[][] = [];
    const batcher = createBatcher<number>((items) => batches.push(items), 40, 4);
    act(batcher.add, batcher.flush);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual(expected);
  });
});
