import { isIP } from 'node:net';

/**
 * Whose request this is, for a per-client limit. Behind a reverse proxy every request comes from the
 * proxy, so a request from one of `trustedProxies` is taken to be from the last address in its
 * `X-Forwarded-For`: the one the proxy itself saw (Caddy replaces or appends to the header, it never
 * passes on only what the client wrote). Anyone else's `X-Forwarded-For` is ignored: it is whatever
 * the client chose to write.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const from = socketAddress ?? 'unknown';
  if (forwardedFor === undefined || !trustedProxies.includes(unmapped(from))) return from;
  const last = [forwardedFor].flat().join(',').split(',').at(-1)?.trim() ?? '';
  return isIP(last) ? unmapped(last) : from;
}

/** `::ffff:127.0.0.1`, as Node shows an IPv4 peer on a dual-stack socket, is `127.0.0.1`. */
export const unmapped = (address: string) => address.replace(/^::ffff:(?=[0-9.]+$)/i, '');
