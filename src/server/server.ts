import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { createAddressCaps } from './address-caps.ts';
import { createBroker } from './broker.ts';
import { createHeartbeat } from './heartbeat.ts';
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
import { isOriginAllowed } from './origin.ts';
import { createPacketGuard } from './packet-guard.ts';
import { createRefusalLog } from './refusal-log.ts';
import { BrokerSocket } from './websocket-stream.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = 'localhost';
export const HELPER_DIR = fileURLToPath(new URL('../../.output/helper', import.meta.url));
/** Largest WebSocket message: a packet may span messages, and the packet guard bounds packets. */
const MAX_WEBSOCKET_MESSAGE_BYTES = 128 * 1024;

export interface LookoverServer {
  /** Base URL of the helper page; helper links are this plus a fragment. */
  url: string;
  brokerUrl: string;
  /** Messages and bytes clients published through the broker since start (benchmarks, operators). */
  traffic(): { messages: number; bytes: number };
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob: mediastream:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export interface ServerOptions {
  port?: number;
  host?: string;
  helperDir?: string;
  /** What one client may cost the server; unset ones are `DEFAULT_LIMITS`. */
  limits?: Partial<ServerLimits>;
  /** Where the line about each refused or cut-off client goes (default: stderr). */
  log?: (line: string) => void;
}

/** One port: the helper page at `/`, the MQTT broker over WebSocket at `/mqtt`. */
export async function startServer(options: ServerOptions = {}) {
  const { port = DEFAULT_PORT, host = DEFAULT_HOST, helperDir = HELPER_DIR } = options;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = createRefusalLog(options.log ?? ((line) => console.warn(line)));
  const broker = await createBroker(limits);
  const traffic = { messages: 0, bytes: 0 };
  broker.on('publish', (packet, client) => {
    if (!client) return; // the broker's own $SYS messages
    traffic.messages++;
    traffic.bytes += packet.payload.length;
  });
  const serveStatic = existsSync(helperDir)
    ? sirv(helperDir, { dev: false, etag: true, setHeaders: (res) => setHeaders(res) })
    : null;

  const headersTimeout = Math.min(limits.headersTimeoutMs, REQUEST_TIMEOUT_MS);
  const http = createServer(
    {
      headersTimeout,
      requestTimeout: REQUEST_TIMEOUT_MS,
      // Node checks the timeouts above this often (30 s by default, longer than the timeout).
      connectionsCheckingInterval: Math.min(1000, headersTimeout / 2),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      setHeaders(res);
      const notFound = () => {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(serveStatic ? 'Not found' : 'The helper page is not built yet: run `npm run build`.');
      };
      if (serveStatic) serveStatic(req, res, notFound);
      else notFound();
    },
  );

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
      log(
        `refused ${address}: ${full === 'address' ? 'too many sockets from this address' : 'too many sockets'}`,
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
    if (new URL(req.url ?? '/', 'http://host').pathname !== '/mqtt')
      return refuseUpgrade(socket, 404, 'Not found');
    const refuse = (status: number, reason: string) => {
      log(`refused ${address}: ${reason}`);
      refuseUpgrade(socket, status, reason);
    };
    const origin = req.headers.origin;
    if (!isOriginAllowed(origin, req.headers.host, limits.allowedOrigins))
      return refuse(403, `origin not allowed: ${origin?.slice(0, 100)}`);
    const full = connections.take(address);
    if (full === 'address') return refuse(429, 'too many connections from this address');
    if (full === 'total') return refuse(503, 'too many connections on this server');
    socket.once('close', () => connections.release(address));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const guard = createPacketGuard({
        maxConnectBytes: MAX_CONNECT_BYTES,
        maxPacketBytes: MAX_PACKET_BYTES,
      });
      const stream = new BrokerSocket(ws, address, guard, (reason) => log(`closed ${address}: ${reason}`));
      heartbeat.watch(ws, () => stream.refuse('no answer to ping'));
      broker.handle(stream, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const base = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;

  const server: LookoverServer = {
    url: `${base}/`,
    brokerUrl: `${base.replace(/^http/, 'ws')}/mqtt`,
    traffic: () => ({ ...traffic }),
    close: () =>
      new Promise<void>((resolve) => {
        heartbeat.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        broker.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      }),
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
