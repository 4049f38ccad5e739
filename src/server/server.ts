import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { websocketStream } from './websocket-stream.ts';
import { createBroker } from './broker.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = 'localhost';
export const HELPER_DIR = fileURLToPath(new URL('../../.output/helper', import.meta.url));

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

/** One port: the helper page at `/`, the MQTT broker over WebSocket at `/mqtt`. */
export async function startServer(options: { port?: number; host?: string; helperDir?: string } = {}) {
  const { port = DEFAULT_PORT, host = DEFAULT_HOST, helperDir = HELPER_DIR } = options;
  const broker = await createBroker();
  const traffic = { messages: 0, bytes: 0 };
  broker.on('publish', (packet, client) => {
    if (!client) return; // the broker's own $SYS messages
    traffic.messages++;
    traffic.bytes += packet.payload.length;
  });
  const serveStatic = existsSync(helperDir)
    ? sirv(helperDir, { dev: false, etag: true, setHeaders: (res) => setHeaders(res) })
    : null;

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    setHeaders(res);
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(serveStatic ? 'Not found' : 'The helper page is not built yet: run `npm run build`.');
    };
    if (serveStatic) serveStatic(req, res, notFound);
    else notFound();
  });
  const wss = new WebSocketServer({ server: http, path: '/mqtt', maxPayload: 128 * 1024 });
  wss.on('connection', (ws, req) => {
    const stream = websocketStream(ws);
    // A client that vanishes mid-frame must not take the server down with it.
    stream.on('error', () => ws.terminate());
    broker.handle(stream, req);
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
        for (const client of wss.clients) client.terminate();
        wss.close();
        broker.close(() => http.close(() => resolve()));
        http.closeAllConnections();
      }),
  };
  return server;
}

function setHeaders(res: ServerResponse) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
