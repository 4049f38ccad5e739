import { createRateLimiter } from '../core/util/rate-limit.ts';

/** Log lines about refused clients: a burst, then this many a second. */
export const REFUSAL_LOG_BURST = 100;
export const REFUSAL_LOG_PER_SECOND = 10;

/** A client the server turned away (`refused`) or cut off (`closed`), and why. */
export interface Refusal {
  action: 'refused' | 'closed';
  address: string;
  reason: string;
}

/** The refusal as one line of text: `closed 192.0.2.1: no answer to ping`. */
export const refusalLine = ({ action, address, reason }: Refusal) => `${action} ${address}: ${reason}`;

/**
 * One log entry per refused connection, written through `write`. A flood of refusals would
 * otherwise be a flood of log lines: past the rate, refusals are counted, and the count is written
 * through `writeUnlogged` before the next one that is.
 */
export function createRefusalLog(write: (refusal: Refusal) => void, writeUnlogged: (count: number) => void) {
  const rate = createRateLimiter({ burst: REFUSAL_LOG_BURST, perSecond: REFUSAL_LOG_PER_SECOND });
  const self = {};
  let unlogged = 0;
  return (refusal: Refusal) => {
    if (!rate.allow(self)) {
      unlogged++;
      return;
    }
    if (unlogged > 0) writeUnlogged(unlogged);
    unlogged = 0;
    write(refusal);
  };
}
