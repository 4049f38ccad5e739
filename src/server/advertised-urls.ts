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
  if (publicUrl !== null) {
    const { protocol, host } = new URL(publicUrl);
    return {
      url: `${protocol}//${host}/`,
      brokerUrl: `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/mqtt`,
    };
  }
  const { host, port, tls } = listening;
  // Listening everywhere, the server is reachable at localhost too, and a browser opens that.
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const authority = `${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  return {
    url: `${tls ? 'https' : 'http'}://${authority}/`,
    brokerUrl: `${tls ? 'wss' : 'ws'}://${authority}/mqtt`,
  };
}
