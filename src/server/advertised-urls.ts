import { serverUrls } from '../core/session/lookover-server.ts';

/** Hosts whose pages are a secure context over plain HTTP, and which only this machine reaches. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
export const isLoopback = (host: string) => LOOPBACK.has(host.toLowerCase());

export interface Listening {
  host: string;
  port: number;
  tls: boolean;
}

/**
 * The helper page's and the broker's URLs as the server prints them and the extension is set to:
 * from `publicUrl` when people reach the server through another address (a TLS proxy, a DNS name),
 * else from where it listens.
 */
export function advertisedUrls(publicUrl: string | null, listening: Listening) {
  const { helperUrl, brokerUrl } = serverUrls(publicUrl ?? listeningOrigin(listening));
  return { url: helperUrl, brokerUrl };
}

function listeningOrigin({ host, port, tls }: Listening) {
  // Listening everywhere, the server is reachable at localhost too, and a browser opens that.
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `${tls ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
