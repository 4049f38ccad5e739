/**
 * What the helper page is doing, as a pure state machine. Every waiting phase has a timeout that
 * turns into a message saying what to do: no spinner runs forever
 * (docs/decisions/0006-every-wait-ends-in-a-message.md).
 */
export type HelperPhase =
  /** A first-time helper's link is checked before they are asked a name: a dead one says so first. */
  | 'checking'
  | 'naming'
  | 'connecting'
  | 'waiting'
  | 'knocking'
  | 'negotiating'
  | 'live'
  | 'reconnecting'
  | 'ended'
  | 'denied'
  | 'request-expired'
  | 'full'
  | 'removed'
  | 'invalid-link'
  /** Opened over plain http from another address: no WebCrypto, so nothing can be opened or sealed. */
  | 'insecure'
  | 'wrong-key'
  | 'broker-unreachable'
  | 'no-sharer'
  | 'failed';

export type HelperEvent =
  /** The share's status record says it is live (see core/signaling/share-status). */
  | 'status-live'
  /** No status record of the sharer's came. */
  | 'no-status'
  | 'named'
  | 'broker-connected'
  | 'broker-failed'
  | 'answered'
  | 'admitted'
  | 'first-frame'
  | 'peer-disconnected'
  | 'peer-connected'
  | 'peer-failed'
  | 'denied'
  | 'request-expired'
  | 'full'
  | 'removed'
  | 'wrong-key'
  | 'ended'
  | 'timeout'
  | 'retry'
  /** "Try again" for a helper not yet named: the link is checked again before the name. */
  | 'recheck';

const RETRY: Partial<Record<HelperEvent, HelperPhase>> = { retry: 'connecting', recheck: 'checking' };
/** Whatever the sharer decides or the session becomes ends a wait. */
const VERDICTS: Partial<Record<HelperEvent, HelperPhase>> = {
  ended: 'ended',
  denied: 'denied',
  'request-expired': 'request-expired',
  full: 'full',
  removed: 'removed',
  'wrong-key': 'wrong-key',
};

const TRANSITIONS: Record<HelperPhase, Partial<Record<HelperEvent, HelperPhase>>> = {
  checking: {
    'status-live': 'naming',
    ended: 'ended',
    'wrong-key': 'wrong-key',
    'no-status': 'no-sharer',
    'broker-failed': 'broker-unreachable',
    timeout: 'broker-unreachable',
  },
  naming: { named: 'connecting' },
  connecting: {
    'broker-connected': 'waiting',
    'broker-failed': 'broker-unreachable',
    // No WebRTC in this browser: there is nothing to wait for.
    'peer-failed': 'failed',
    timeout: 'broker-unreachable',
  },
  waiting: { ...VERDICTS, answered: 'knocking', 'peer-failed': 'failed', timeout: 'no-sharer' },
  knocking: { ...VERDICTS, admitted: 'negotiating', 'peer-failed': 'failed', timeout: 'request-expired' },
  negotiating: { ...VERDICTS, 'first-frame': 'live', 'peer-failed': 'failed', timeout: 'failed' },
  live: { ...VERDICTS, 'peer-disconnected': 'reconnecting', 'peer-failed': 'reconnecting' },
  reconnecting: {
    ...VERDICTS,
    'peer-connected': 'live',
    'first-frame': 'live',
    timeout: 'failed',
  },
  ended: {},
  denied: {},
  full: RETRY,
  removed: {},
  'request-expired': RETRY,
  'invalid-link': {},
  insecure: {},
  'wrong-key': {},
  'broker-unreachable': RETRY,
  'no-sharer': RETRY,
  failed: RETRY,
};

export function nextHelperPhase(phase: HelperPhase, event: HelperEvent): HelperPhase {
  return TRANSITIONS[phase][event] ?? phase;
}

/** How long each waiting phase may last before it becomes an error (milliseconds). */
export const HELPER_TIMEOUTS: Partial<Record<HelperPhase, number>> = {
  // Connecting, then STATUS_WAIT_MS (core/signaling/share-status) for the record, with margin.
  checking: 16_000,
  connecting: 10_000,
  waiting: 30_000,
  // The sharer's own request timeout (DEFAULT_RULES in admission.ts) answers first; this is the backstop.
  knocking: 150_000,
  negotiating: 20_000,
  reconnecting: 30_000,
};

/** While waiting, the join is sent again this often: the sharer may not be listening yet. */
export const JOIN_RETRY_MS = 2_000;
