import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefusalLog, REFUSAL_LOG_BURST, REFUSAL_LOG_PER_SECOND, refusalLine } from './refusal-log.ts';

describe('refusal log', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes each refusal up to its rate, then counts the rest and says how many', () => {
    const lines: string[] = [];
    const log = createRefusalLog(
      (refusal) => lines.push(refusalLine(refusal)),
      (count) => lines.push(`${count} unlogged`),
    );
    for (let i = 0; i < REFUSAL_LOG_BURST + 5; i++)
      log({ action: 'refused', address: '192.0.2.1', reason: `${i}` });
    expect(lines.length).toBe(REFUSAL_LOG_BURST);
    expect(lines[0]).toBe('refused 192.0.2.1: 0');
    vi.advanceTimersByTime(1000 / REFUSAL_LOG_PER_SECOND);
    log({ action: 'closed', address: '192.0.2.2', reason: 'later' });
    expect(lines.slice(-2)).toEqual(['5 unlogged', 'closed 192.0.2.2: later']);
  });
});
