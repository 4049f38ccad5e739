import { describe, expect, it, vi } from 'vitest';
import { createFailureLog } from './failures.ts';

describe('failure log', () => {
  it('counts every failure by kind and logs only the first of each kind', () => {
    const log = vi.fn();
    const failures = createFailureLog(log);
    failures.report('stats', new Error('a'));
    failures.report('stats', new Error('b'));
    failures.as('send')(new Error('c'));
    expect(failures.counts()).toEqual({ stats: 2, send: 1 });
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls.map(([message]) => message as string)).toEqual([
      expect.stringContaining('stats'),
      expect.stringContaining('send'),
    ]);
  });

  it('catches a rejected promise through as()', async () => {
    const failures = createFailureLog(() => undefined);
    await Promise.reject(new Error('gone')).catch(failures.as('close'));
    expect(failures.counts()).toEqual({ close: 1 });
  });
});
