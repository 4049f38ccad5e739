import { createRateLimiter } from '../core/util/rate-limit.ts';

/** Log lines about refused clients: a burst, then this many a second. */
export const REFUSAL_LOG_BURST = 100;
export const REFUSAL_LOG_PER_SECOND = 10;

/**
 * One line per refused connection, written through `write`. A flood of refusals would otherwise
 * be a flood of log lines: past the rate, lines are counted, and the count is written before the
 * next line that is.
 */
export function createRefusalLog(write: (line: string) => void) {
  const rate = createRateLimiter({ burst: REFUSAL_LOG_BURST, perSecond: REFUSAL_LOG_PER_SECOND });
  const self = {};
  let unlogged = 0;
  return (line: string) => {
    if (!rate.allow(self)) {
      unlogged++;
      return;
    }
    if (unlogged > 0) write(`(${unlogged} more refusals were not logged)`);
    unlogged = 0;
    write(line);
  };
}
