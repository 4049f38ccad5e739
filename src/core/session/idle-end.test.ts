import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleEnd } from './idle-end.ts';

const MIN = 60_000;
const timers = {
  set: (then: () => void, ms: number) => setTimeout(then, ms),
  clear: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

/** Runs `steps` ([at minute, what happens]) on a 30-minute rule; returns what it said, by minute. */
function run(steps: [number, 'quiet' | 'busy' | 'close'][], endAfter = 30 * MIN) {
  const said: [number, string][] = [];
  const at = () => Date.now() / MIN;
  const idle = createIdleEnd(endAfter, timers, {
    warn: (endsAt) => said.push([at(), endsAt === null ? 'warning off' : `warn, ends at ${endsAt / MIN}`]),
    end: () => said.push([at(), 'end']),
  });
  for (const [minute, step] of steps) {
    vi.advanceTimersByTime(minute * MIN - Date.now());
    idle[step]();
  }
  vi.advanceTimersByTime(24 * 60 * MIN);
  return said;
}

describe('a share nobody watches ends itself', () => {
  it.each<[string, [number, 'quiet' | 'busy' | 'close'][], [number, string][]]>([
    [
      'quiet from the start: warned at 29 min, ended at 30',
      [[0, 'quiet']],
      [
        [29, 'warn, ends at 30'],
        [30, 'end'],
      ],
    ],
    [
      'someone comes at 10 min and stays',
      [
        [0, 'quiet'],
        [10, 'busy'],
      ],
      [],
    ],
    [
      'someone comes at 10 and leaves at 20: the count starts over',
      [
        [0, 'quiet'],
        [10, 'busy'],
        [20, 'quiet'],
      ],
      [
        [49, 'warn, ends at 50'],
        [50, 'end'],
      ],
    ],
    [
      'someone comes during the warning: it is taken back',
      [
        [0, 'quiet'],
        [29.5, 'busy'],
      ],
      [
        [29, 'warn, ends at 30'],
        [29.5, 'warning off'],
      ],
    ],
    [
      'the sharer keeps sharing during the warning: taken back, counted from then',
      [
        [0, 'quiet'],
        [29.5, 'quiet'],
      ],
      [
        [29, 'warn, ends at 30'],
        [29.5, 'warning off'],
        [58.5, 'warn, ends at 59.5'],
        [59.5, 'end'],
      ],
    ],
    [
      'stopped by hand before: nothing more',
      [
        [0, 'quiet'],
        [5, 'close'],
      ],
      [],
    ],
  ])('%s', (_, steps, said) => {
    expect(run(steps)).toEqual(said);
  });

  it('never ends with the setting at 0', () => {
    expect(run([[0, 'quiet']], 0)).toEqual([]);
  });

  it('warns at once when the whole wait is shorter than the warning', () => {
    expect(run([[0, 'quiet']], 0.5 * MIN)).toEqual([
      [0, 'warn, ends at 0.5'],
      [0.5, 'end'],
    ]);
  });
});
