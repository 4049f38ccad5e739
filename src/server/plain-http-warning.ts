import { isLoopback } from './advertised-urls.ts';
import type { PublicConfig } from './public-config.ts';

/**
 * What to tell the operator about plain HTTP at start. A page opened over plain HTTP from anywhere
 * but this machine is not a secure context, and there the helper page has no WebCrypto
 * (`crypto.subtle`): it cannot open the session's sealed messages, so helpers elsewhere cannot join.
 */
export function plainHttpWarnings(
  config: Pick<PublicConfig, 'host' | 'port' | 'publicUrl' | 'tls'>,
): string[] {
  const { host, port, publicUrl, tls } = config;
  const advertised = publicUrl === null ? null : new URL(publicUrl);
  if (tls !== null) {
    return advertised?.protocol === 'http:'
      ? [`PUBLIC_URL is ${publicUrl}, but this server serves HTTPS: links to it will not open.`]
      : [];
  }
  const bracketed = host.includes(':') ? `[${host}]` : host;
  const toOthers = advertised === null ? !isLoopback(host) : !isLoopback(advertised.hostname);
  if (toOthers && advertised?.protocol !== 'https:') {
    return [
      `Helpers on other machines will open ${publicUrl ?? `http://${bracketed}:${port}/`} over plain HTTP, ` +
        'where the helper page cannot use WebCrypto (not a secure context) and cannot join. Set TLS_CERT ' +
        'and TLS_KEY, or put a TLS proxy in front and set PUBLIC_URL=https://… (see deploy/README.md).',
    ];
  }
  if (!isLoopback(host)) {
    return [
      `Serving plain HTTP on ${bracketed}:${port}${advertised ? ` for ${publicUrl}` : ''}: anyone who ` +
        'reaches this port from another machine gets plain HTTP, where the helper page cannot use ' +
        'WebCrypto. With a TLS proxy on this machine, set HOST=127.0.0.1.',
    ];
  }
  return [];
}
