import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { createAddressCaps } from './address-caps.ts';
import { BROKER_PATH } from '../core/session/lookover-server.ts';
import { advertisedUrls } from './advertised-urls.ts';
import { createBroker } from './broker.ts';
import { joinCluster } from './cluster.ts';
import { answer } from './http-answer.ts';
import { healthReport, type HealthCheck, type Phase } from './health.ts';
import { createHeartbeat } from './heartbeat.ts';
import { createIceEndpoint, ICE_PATH } from './ice-endpoint.ts';
import { NO_ICE, type IceConfig } from './ice-servers.ts';
import {
  CLOSE_GRACE_MS,
  DEFAULT_LIMITS,
  HTTP_SOCKETS_PER_ADDRESS,
  HTTP_SOCKETS_TOTAL,
  MAX_CONNECT_BYTES,
  MAX_PACKET_BYTES,
  REQUEST_TIMEOUT_MS,
  type ServerLimits,
} from './limits.ts';
import { createLogger, type Logger } from './log.ts';
import { METRICS_CONTENT_TYPE } from './metrics.ts';
import { DEFAULT_METRICS_ACCESS, isLocalRequest, type MetricsAccess } from './metrics-access.ts';
import { isOriginAllowed } from './origin.ts';
import { createPacketGuard } from './packet-guard.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './public-config.ts';
import { createRefusalCounts } from './refusal-counts.ts';
import { createRefusalLog, refusalLine, type Refusal } from './refusal-log.ts';
import { createServerMetrics } from './server-metrics.ts';
import { BrokerSocket } from './websocket-stream.ts';

export { DEFAULT_HOST, DEFAULT_PORT };
export const HELPER_DIR = fileURLToPath(new URL('../../.output/helper', import.meta.url));
/** Largest WebSocket message: a packet may span messages, and the packet guard bounds packets. */
const MAX_WEBSOCKET_MESSAGE_BYTES = 128 * 1024;
export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';
/**
 * How long a graceful shutdown may take before what is left is cut off: under the 10 s systemd
 * gives a service to stop (deploy/lookover.service, `TimeoutStopSec`) before it kills it.
 */
export const SHUTDOWN_BOUND_MS = 8000;
/** The close reason clients read with 1001: reconnect, to this server once it is back or another. */
export const GOING_AWAY_REASON = 'server shutting down';

export interface LookoverServer {
  /** Base URL of the helper page; helper links are this plus a fragment. */
  url: string;
  brokerUrl: string;
  /** The port it listens on (the one the OS chose, for port 0). */
  port: number;
  /** Messages and bytes clients published through the broker since start (benchmarks, operators). */
  traffic(): { messages: number; bytes: number };
  /**
   * Stops gracefully: no new connections, `/healthz` 503, every MQTT client closed with 1001
   * ("going away"); resolves once every connection is gone, or after `boundMs` with the rest cut
   * off. `forced` says which.
   */
  shutdown(boundMs?: number): Promise<{ forced: boolean }>;
  /** Stops at once, cutting every connection. */
  close(): Promise<void>;
}

// `worker-src blob:`: mqtt.js runs its keepalive timer in a worker made from a blob, so a
// background tab's throttling cannot delay the pings; refused, no ping ever goes and the broker
// drops the helper after one and a half keepalives.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; worker-src 'self' blob:; media-src 'self' blob: mediastream:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export interface ServerOptions {
  port?: number;
  host?: string;
  helperDir?: string;
  /** What one client may cost the server; unset ones are `DEFAULT_LIMITS`. */
  limits?: Partial<ServerLimits>;
  /** Where the server's events go (default: JSON lines on stdout, `info` and above). */
  logger?: Logger;
  /** Where the line about each refused or cut-off client goes instead of `logger` (tests read it). */
  log?: (line: string) => void;
  /** Who may read `/metrics` (default `local`: this machine). */
  metrics?: MetricsAccess;
  /** A PEM certificate chain and its key: HTTPS and WSS on `port` instead of plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The address people use when it is not `host:port` (a TLS proxy, a DNS name): `url` and `brokerUrl` follow it. */
  publicUrl?: string;
  /** STUN and TURN servers handed out at `/ice` (default none). */
  ice?: IceConfig;
  /** Proxies whose `X-Forwarded-For` names the client, for the `/ice` rate limit (default none). */
  trustedProxies?: readonly string[];
  /** A Redis server shared with the cluster's other nodes (docs/decisions/0025-clustered-server.md); unset, one server alone. */
  redisUrl?: string;
}

/**
 * One port: the helper page at `/`, the MQTT broker over WebSocket at `/mqtt`, the ICE servers at
 * `/ice`; over HTTPS and WSS when given `tls`.
 */
export async function startServer(options: ServerOptions = {}) {
  const { port = DEFAULT_PORT, host = DEFAULT_HOST, helperDir = HELPER_DIR } = options;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger ?? createLogger();
  const metricsAccess = options.metrics ?? DEFAULT_METRICS_ACCESS;
  const trustedProxies = options.trustedProxies ?? [];
  const lines = options.log;
  const refusalLog = createRefusalLog(
    lines
      ? (refusal) => lines(refusalLine(refusal))
      : ({ action, address, reason }) => logger.warn(`client ${action}`, { address, reason }),
    lines
      ? (count) => lines(`(${count} more refusals were not logged)`)
      : (count) => logger.warn('refusals not logged', { count }),
  );
  const refusals = createRefusalCounts();
  const refuse = (action: Refusal['action'], address: string, reason: string) => {
    refusals.add(reason);
    refusalLog({ action, address, reason });
  };
  const cluster = options.redisUrl ? await joinCluster(options.redisUrl, limits.clusterLeaseMs) : null;
  const { broker, statusRecords } = await createBroker(limits, cluster);
  let phase: Phase = 'starting';
  const streams = new Set<BrokerSocket>();
  const traffic = { messages: 0, bytes: 0 };
  broker.on('publish', (packet, client) => {
    if (!client) return; // the broker's own $SYS messages
    traffic.messages++;
    traffic.bytes += packet.payload.length;
  });
  const serveStatic = existsSync(helperDir)
    ? sirv(helperDir, { dev: false, etag: true, setHeaders: (res) => setHeaders(res) })
    : null;

  const ice = createIceEndpoint({
    ice: options.ice ?? NO_ICE,
    allowedOrigins: limits.allowedOrigins,
    trustedProxies,
    refuse: (address, reason) => refuse('refused', address, reason),
  });
  const metrics = createServerMetrics({
    connections: () => streams.size,
    statusRecords,
    publishesReceived: () => traffic.messages,
    refusals: refusals.entries,
  });

  const headersTimeout = Math.min(limits.headersTimeoutMs, REQUEST_TIMEOUT_MS);
  const timeouts = {
    headersTimeout,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Node checks the timeouts above this often (30 s by default, longer than the timeout).
    connectionsCheckingInterval: Math.min(1000, headersTimeout / 2),
  };
  const checks: HealthCheck[] = [
    { name: 'http', ok: () => http.listening },
    { name: 'broker', ok: () => !broker.closed },
    ...(cluster ? [{ name: 'redis', ok: cluster.healthy }] : []),
  ];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    setHeaders(res);
    // A request on a connection kept from before the shutdown is answered, and the connection ends.
    if (phase === 'stopping') res.setHeader('Connection', 'close');
    const path = (req.url ?? '').split('?')[0];
    if (path === ICE_PATH) return ice(req, res);
    if (path === HEALTH_PATH || path === METRICS_PATH) {
      res.setHeader('Cache-Control', 'no-store');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return answer(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
      }
      if (path === HEALTH_PATH) {
        const report = healthReport(phase, checks);
        return answer(res, report.status, 'application/json', JSON.stringify(report.body));
      }
      const allowed =
        metricsAccess === 'on' ||
        (metricsAccess === 'local' &&
          isLocalRequest(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies));
      if (!allowed) return answer(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return answer(res, 200, METRICS_CONTENT_TYPE, metrics.render());
    }
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(serveStatic ? 'Not found' : 'The helper page is not built yet: run `npm run build`.');
    };
    if (serveStatic) serveStatic(req, res, notFound);
    else notFound();
  };
  const http = options.tls
    ? createTlsServer(
        // A TLS handshake gets no longer than request headers would (Node's default is 120 s).
        { ...timeouts, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: headersTimeout },
        handle,
      )
    : createServer(timeouts, handle);

  // Every socket, whatever it turns out to be, is counted from its first moment: one that never
  // sends a byte still holds a file descriptor. Refused at once, it can be told nothing.
  const sockets = createAddressCaps({
    perAddress: limits.maxConnectionsPerAddress + HTTP_SOCKETS_PER_ADDRESS,
    total: limits.maxConnections + HTTP_SOCKETS_TOTAL,
  });
  http.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const full = sockets.take(address);
    if (full) {
      refuse(
        'refused',
        address,
        full === 'address' ? 'too many sockets from this address' : 'too many sockets',
      );
      socket.destroy();
      return;
    }
    socket.once('close', () => sockets.release(address));
  });

  const connections = createAddressCaps({
    perAddress: limits.maxConnectionsPerAddress,
    total: limits.maxConnections,
  });
  const heartbeat = createHeartbeat(limits.pingIntervalMs);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    if (new URL(req.url ?? '/', 'http://host').pathname !== BROKER_PATH)
      return refuseUpgrade(socket, 404, 'Not found');
    // Not a refusal: nobody broke a limit, and the client will find the server again.
    if (phase === 'stopping') return refuseUpgrade(socket, 503, GOING_AWAY_REASON);
    const refused = (status: number, reason: string) => {
      refuse('refused', address, reason);
      refuseUpgrade(socket, status, reason);
    };
    const origin = req.headers.origin;
    if (!isOriginAllowed(origin, req.headers.host, limits.allowedOrigins))
      return refused(403, `origin not allowed: ${origin?.slice(0, 100)}`);
    const full = connections.take(address);
    if (full === 'address') return refused(429, 'too many connections from this address');
    if (full === 'total') return refused(503, 'too many connections on this server');
    socket.once('close', () => connections.release(address));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const guard = createPacketGuard({
        maxConnectBytes: MAX_CONNECT_BYTES,
        maxPacketBytes: MAX_PACKET_BYTES,
      });
      const stream = new BrokerSocket(
        ws,
        address,
        guard,
        (reason) => refuse('closed', address, reason),
        metrics.meter,
      );
      streams.add(stream);
      stream.once('close', () => streams.delete(stream));
      heartbeat.watch(ws, () => stream.refuse('no answer to ping'));
      broker.handle(stream, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const { url, brokerUrl } = advertisedUrls(options.publicUrl ?? null, {
    host,
    port: address.port,
    tls: options.tls !== undefined,
  });

  phase = 'running';

  const close = () =>
    new Promise<void>((resolve) => {
      phase = 'stopping';
      heartbeat.close();
      metrics.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      broker.close(() => http.close(() => void (cluster?.close() ?? Promise.resolve()).then(resolve)));
      http.closeAllConnections();
    });
  const shutdown = async (boundMs = SHUTDOWN_BOUND_MS) => {
    phase = 'stopping';
    // Stops listening, and ends the kept-alive HTTP connections that are idle; the busy ones end
    // with their answer (`Connection: close`). Upgraded sockets count until they close, so this
    // resolves once every WebSocket is gone too.
    const drained = new Promise<'drained'>((resolve) => http.close(() => resolve('drained')));
    for (const stream of streams) stream.goAway(GOING_AWAY_REASON);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'bound'>((resolve) => (timer = setTimeout(() => resolve('bound'), boundMs)));
    const outcome = await Promise.race([drained, bound]);
    clearTimeout(timer);
    await close();
    return { forced: outcome === 'bound' };
  };

  const server: LookoverServer = {
    url,
    brokerUrl,
    port: address.port,
    traffic: () => ({ ...traffic }),
    shutdown,
    close,
  };
  return server;
}

/** An HTTP answer to an upgrade request the server will not take, then the socket closes. */
function refuseUpgrade(socket: Duplex, status: number, reason: string) {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}

function setHeaders(res: ServerResponse) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
