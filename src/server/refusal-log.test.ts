import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefusalLog, REFUSAL_LOG_BURST, REFUSAL_LOG_PER_SECOND } from './refusal-log.ts';

describe('refusal log', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes each line up to its rate, then counts the rest and says how many', () => {
    const lines: string[] = [];
    const log = createRefusalLog((line) => lines.push(line));
    for (let i = 0; i < REFUSAL_LOG_BURST + 5; i++) log(`line ${i}`);
    expect(lines.length).toBe(REFUSAL_LOG_BURST);
    vi.advanceTimersByTime(1000 / REFUSAL_LOG_PER_SECOND);
    log('later');
    expect(lines.slice(-2)).toEqual(['(5 more refusals were not logged)', 'later']);
  });
});
