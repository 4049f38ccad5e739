import { describe, expect, it } from 'vitest';
import { HELPER_TIMEOUTS, nextHelperPhase, type HelperEvent, type HelperPhase } from './helper-state.ts';

describe('helper state machine', () => {
  it.each<[HelperPhase, HelperEvent, HelperPhase]>([
    ['checking', 'status-live', 'naming'],
    ['checking', 'ended', 'ended'],
    ['checking', 'wrong-key', 'wrong-key'],
    ['checking', 'no-status', 'no-sharer'],
    ['checking', 'broker-failed', 'broker-unreachable'],
    ['checking', 'timeout', 'broker-unreachable'],
    ['checking', 'named', 'checking'],
    ['no-sharer', 'recheck', 'checking'],
    ['broker-unreachable', 'recheck', 'checking'],
    ['naming', 'named', 'connecting'],
    ['connecting', 'broker-connected', 'waiting'],
    ['connecting', 'broker-failed', 'broker-unreachable'],
    ['connecting', 'timeout', 'broker-unreachable'],
    ['waiting', 'answered', 'knocking'],
    ['waiting', 'peer-failed', 'failed'],
    ['connecting', 'peer-failed', 'failed'],
    ['waiting', 'timeout', 'no-sharer'],
    ['waiting', 'ended', 'ended'],
    ['waiting', 'wrong-key', 'wrong-key'],
    ['waiting', 'full', 'full'],
    ['knocking', 'admitted', 'negotiating'],
    ['knocking', 'denied', 'denied'],
    ['knocking', 'request-expired', 'request-expired'],
    ['knocking', 'timeout', 'request-expired'],
    ['negotiating', 'first-frame', 'live'],
    ['negotiating', 'timeout', 'failed'],
    ['negotiating', 'peer-failed', 'failed'],
    ['live', 'ended', 'ended'],
    ['live', 'removed', 'removed'],
    ['live', 'peer-disconnected', 'reconnecting'],
    ['live', 'peer-failed', 'reconnecting'],
    ['reconnecting', 'peer-connected', 'live'],
    ['reconnecting', 'timeout', 'failed'],
    ['reconnecting', 'ended', 'ended'],
    ['broker-unreachable', 'retry', 'connecting'],
    ['no-sharer', 'retry', 'connecting'],
    ['failed', 'retry', 'connecting'],
    ['full', 'retry', 'connecting'],
    // Events that make no sense in a phase change nothing.
    ['live', 'answered', 'live'],
    ['live', 'timeout', 'live'],
    ['ended', 'retry', 'ended'],
    ['denied', 'retry', 'denied'],
    ['removed', 'admitted', 'removed'],
    ['ended', 'first-frame', 'ended'],
    ['invalid-link', 'broker-connected', 'invalid-link'],
    ['insecure', 'broker-connected', 'insecure'],
    ['insecure', 'retry', 'insecure'],
    ['waiting', 'first-frame', 'waiting'],
    ['naming', 'answered', 'naming'],
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
