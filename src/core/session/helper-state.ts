/**
 * What the helper page is doing, as a pure state machine. Every waiting phase has a timeout that
 * turns into a message saying what to do: no spinner runs forever (issue 2).
 */
export type HelperPhase =
  | 'connecting'
  | 'waiting'
  | 'negotiating'
  | 'live'
  | 'reconnecting'
  | 'ended'
  | 'invalid-link'
  | 'broker-unreachable'
  | 'no-sharer'
  | 'failed';

export type HelperEvent =
  | 'broker-connected'
  | 'broker-failed'
  | 'offer'
  | 'first-frame'
  | 'peer-disconnected'
  | 'peer-connected'
  | 'peer-failed'
  | 'ended'
  | 'timeout'
  | 'retry';

const TERMINAL: Partial<Record<HelperEvent, HelperPhase>> = { retry: 'connecting' };

const TRANSITIONS: Record<HelperPhase, Partial<Record<HelperEvent, HelperPhase>>> = {
  connecting: {
    'broker-connected': 'waiting',
    'broker-failed': 'broker-unreachable',
    timeout: 'broker-unreachable',
  },
  waiting: { offer: 'negotiating', ended: 'ended', timeout: 'no-sharer' },
  negotiating: { 'first-frame': 'live', 'peer-failed': 'failed', ended: 'ended', timeout: 'failed' },
  live: { 'peer-disconnected': 'reconnecting', 'peer-failed': 'failed', ended: 'ended' },
  reconnecting: {
    'peer-connected': 'live',
    'first-frame': 'live',
    'peer-failed': 'failed',
    ended: 'ended',
    timeout: 'failed',
  },
  ended: {},
  'invalid-link': {},
  'broker-unreachable': TERMINAL,
  'no-sharer': TERMINAL,
  failed: TERMINAL,
};

export function nextHelperPhase(phase: HelperPhase, event: HelperEvent): HelperPhase {
  return TRANSITIONS[phase][event] ?? phase;
}

/** How long each waiting phase may last before it becomes an error (milliseconds). */
export const HELPER_TIMEOUTS: Partial<Record<HelperPhase, number>> = {
  connecting: 10_000,
  waiting: 30_000,
  negotiating: 20_000,
  reconnecting: 20_000,
};

/** While waiting, the join is sent again this often: the sharer may not be listening yet. */
export const JOIN_RETRY_MS = 2_000;
