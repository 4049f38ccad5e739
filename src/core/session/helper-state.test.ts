import { describe, expect, it } from 'vitest';
import { HELPER_TIMEOUTS, nextHelperPhase, type HelperEvent, type HelperPhase } from './helper-state.ts';

describe('helper state machine', () => {
  it.each<[HelperPhase, HelperEvent, HelperPhase]>([
    ['connecting', 'broker-connected', 'waiting'],
    ['connecting', 'broker-failed', 'broker-unreachable'],
    ['connecting', 'timeout', 'broker-unreachable'],
    ['waiting', 'offer', 'negotiating'],
    ['waiting', 'timeout', 'no-sharer'],
    ['waiting', 'ended', 'ended'],
    ['negotiating', 'first-frame', 'live'],
    ['negotiating', 'timeout', 'failed'],
    ['negotiating', 'peer-failed', 'failed'],
    ['live', 'ended', 'ended'],
    ['live', 'peer-disconnected', 'reconnecting'],
    ['reconnecting', 'peer-connected', 'live'],
    ['reconnecting', 'timeout', 'failed'],
    ['broker-unreachable', 'retry', 'connecting'],
    ['no-sharer', 'retry', 'connecting'],
    ['failed', 'retry', 'connecting'],
    // Events that make no sense in a phase change nothing.
    ['live', 'offer', 'live'],
    ['live', 'timeout', 'live'],
    ['ended', 'retry', 'ended'],
    ['ended', 'first-frame', 'ended'],
    ['invalid-link', 'broker-connected', 'invalid-link'],
    ['waiting', 'first-frame', 'waiting'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextHelperPhase(from, event)).toBe(to);
  });

  it.each(Object.keys(HELPER_TIMEOUTS) as HelperPhase[])(
    'every timed phase %s leaves on timeout',
    (phase) => {
      expect(nextHelperPhase(phase, 'timeout')).not.toBe(phase);
    },
  );
});
