import { MAX_CLIENT_ID_LENGTH, MAX_KEEPALIVE_S, MIN_KEEPALIVE_S } from './limits.ts';

/**
 * Why the broker refuses this CONNECT, or `null`. Lookover's clients use clean sessions: a
 * persistent one would keep an unbounded offline queue for a client that may never return. A
 * keepalive of 0 would let a dead client hold its connection forever. Lookover sends no will, and a
 * will is published after its client has gone: a retained one would be a status record nobody
 * owns any more.
 */
export function connectRefusal(packet: {
  clean?: boolean;
  keepalive?: number;
  clientId?: string;
  will?: unknown;
}): string | null {
  if (packet.clean !== true) return 'persistent sessions are not kept: connect with a clean session';
  const keepalive = packet.keepalive ?? 0;
  if (keepalive < MIN_KEEPALIVE_S || keepalive > MAX_KEEPALIVE_S)
    return `keepalive must be ${MIN_KEEPALIVE_S} to ${MAX_KEEPALIVE_S} s, not ${keepalive}`;
  if ((packet.clientId ?? '').length > MAX_CLIENT_ID_LENGTH)
    return `client id longer than ${MAX_CLIENT_ID_LENGTH} characters`;
  if (packet.will) return 'wills are not taken';
  return null;
}
