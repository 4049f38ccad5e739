import { MAX_ENVELOPE_BYTES } from '../core/protocol/envelope.ts';
import { err, ok, type Result } from '../core/util/result.ts';

/**
 * What one client may cost the embedded server (docs/decisions/0018-broker-limits.md). Operators
 * set some through environment variables (`LIMIT_SETTINGS`); the rest are constants here,
 * which tests shorten through `startServer({ limits })`.
 */
export interface ServerLimits {
  /** MQTT connections (WebSockets) at once, from everyone. */
  maxConnections: number;
  /** MQTT connections at once from one address; also its share of status records. */
  maxConnectionsPerAddress: number;
  /** Who may open a WebSocket, by `Origin` (see `origin.ts` for the entries' forms). */
  allowedOrigins: readonly string[];
  /** Retained status records kept at once, from everyone. */
  maxStatusRecords: number;
  /** How long a status record outlives a writer that left with a DISCONNECT (a share that ended). */
  endedStatusTtlMs: number;
  /** How long a status record outlives a writer that vanished (a sharer who may come back). */
  orphanedStatusTtlMs: number;
  /** Every this often, each WebSocket is pinged; one that did not answer the last ping is closed. */
  pingIntervalMs: number;
  /** How long a TCP connection may take to send its HTTP request headers. */
  headersTimeoutMs: number;
  /** How long a WebSocket may take to send its MQTT CONNECT. */
  connectTimeoutMs: number;
  /**
   * In a cluster, how long a node's hold on its connected clients' ids and status records lasts
   * unless renewed: how soon those of a node that died are free and gone.
   */
  clusterLeaseMs: number;
}

/** HTTP sockets an address may hold beside its MQTT connections: a few browsers loading the page. */
export const HTTP_SOCKETS_PER_ADDRESS = 16;
/** HTTP sockets the server holds beside its MQTT connections, from everyone. */
export const HTTP_SOCKETS_TOTAL = 256;
/** A whole HTTP request (the helper page's files are small); also bounds `headersTimeoutMs`. */
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Bytes after the fixed header of the first packet, CONNECT. Lookover's own is about 50 (a client
 * id, no will, no credentials): a kilobyte leaves room for other clients, not for a payload.
 */
export const MAX_CONNECT_BYTES = 1024;
/** Bytes after the fixed header of any later packet: one envelope, its topic and packet id. */
export const MAX_PACKET_BYTES = MAX_ENVELOPE_BYTES + 1024;
/**
 * MQTT keepalive, seconds. 0 (no keepalive) would let a dead client hold its connection forever;
 * mqtt.js sends 60 by default and Lookover's client 30 (src/core/signaling/mqtt.ts).
 */
export const MIN_KEEPALIVE_S = 1;
export const MAX_KEEPALIVE_S = 300;
/** aedes enforces its `maxClientsIdLength` for MQTT 3.1 only; we hold 3.1.1 to it too. */
export const MAX_CLIENT_ID_LENGTH = 64;
/** Distinct topics one connection may be subscribed to: a helper needs two, the sharer one. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 8;
/** Subscriptions per connection: a burst for a (re)connect, then a trickle. Each reads the retained store. */
export const SUBSCRIBE_BURST = 16;
export const SUBSCRIBES_PER_SECOND = 2;
/** A refused WebSocket gets this long to take its close frame before the socket is cut. */
export const CLOSE_GRACE_MS = 1000;

export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 1000,
  maxConnectionsPerAddress: 32,
  allowedOrigins: ['self', 'chrome-extension://*'],
  maxStatusRecords: 5000,
  endedStatusTtlMs: 10 * 60_000,
  orphanedStatusTtlMs: 30 * 60_000,
  pingIntervalMs: 30_000,
  headersTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  clusterLeaseMs: 15_000,
};

/** The environment variables an operator sets, and the limit each one sets. */
export const LIMIT_SETTINGS = {
  LOOKOVER_MAX_CONNECTIONS: 'maxConnections',
  LOOKOVER_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  LOOKOVER_MAX_STATUS_RECORDS: 'maxStatusRecords',
  LOOKOVER_ALLOWED_ORIGINS: 'allowedOrigins',
  LOOKOVER_CLUSTER_LEASE_MS: 'clusterLeaseMs',
} as const satisfies Record<string, keyof ServerLimits>;

type Setting = keyof typeof LIMIT_SETTINGS;

/** The limits the environment sets; a value that is not one is an error naming the variable. */
export function limitsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<Partial<ServerLimits>, string> {
  const limits: Partial<ServerLimits> = {};
  for (const name of Object.keys(LIMIT_SETTINGS) as Setting[]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    if (name === 'LOOKOVER_ALLOWED_ORIGINS') {
      const entries = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const bad = entries.find((entry) => !isOriginEntry(entry));
      if (bad !== undefined || entries.length === 0)
        return err(`${name}: "${bad ?? raw}" is not an origin, "self", "<scheme>://*" or "*"`);
      limits.allowedOrigins = entries;
      continue;
    }
    if (!/^[1-9][0-9]{0,8}$/.test(raw)) return err(`${name}: "${raw}" is not a whole number from 1`);
    limits[LIMIT_SETTINGS[name]] = Number(raw);
  }
  return ok(limits);
}

/** `self`, `*`, `<scheme>://*`, or an origin as browsers send it (scheme, host, port; no path). */
export function isOriginEntry(entry: string): boolean {
  if (entry === 'self' || entry === '*') return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/\*$/.test(entry)) return true;
  // A wildcard anywhere else would be taken for a host no browser sends.
  if (entry.includes('*')) return false;
  try {
    const url = new URL(entry);
    return url.host !== '' && `${url.protocol}//${url.host}` === entry;
  } catch {
    return false;
  }
}

/**
 * `GET /ice` per client address (docs/decisions/0019-public-server.md): a share asks once as it
 * starts and again when its credential runs low, so a burst of 10 and then one every 10 s is far
 * above any person's use, and keeps anyone from minting relay credentials by the thousand.
 */
export const ICE_BURST = 10;
export const ICE_PER_SECOND = 1 / 10;
/** Addresses whose `/ice` bucket is remembered at once; past it, the one used longest ago goes. */
export const ICE_TRACKED_ADDRESSES = 10_000;
