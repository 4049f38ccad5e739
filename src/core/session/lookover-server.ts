import { err, ok, type Result } from '../util/result.ts';

/** Where a Lookover server takes the broker's WebSocket: `ws(s)://<its host>/mqtt`. */
export const BROKER_PATH = '/mqtt';

export type ServerAddressError =
  'empty' | 'no-scheme' | 'not-url' | 'broker-scheme' | 'other-scheme' | 'extra' | 'path';

/**
 * A Lookover server's address as people type it (`https://lookover.example.com`,
 * `http://localhost:8787/`): scheme, host and port only, since the server serves the helper page at
 * the root of its host and the broker beside it. Gives the origin (`https://lookover.example.com`).
 */
export function parseServerAddress(text: string): Result<string, ServerAddressError> {
  const raw = text.trim();
  if (raw === '') return err('empty');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err(/^[\w.-]+(:\d+)?(\/.*)?$/.test(raw) ? 'no-scheme' : 'not-url');
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return err('broker-scheme');
  // `localhost:8787` parses as the scheme `localhost:`.
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return err(/^[\w.-]+:\d+/.test(raw) ? 'no-scheme' : 'other-scheme');
  if (url.username || url.password || url.search || url.hash || /[?#]$/.test(raw)) return err('extra');
  if (url.pathname !== '/') return err('path');
  return ok(url.origin);
}

/** The helper page's and the broker's URLs a server at `origin` (from `parseServerAddress`) serves. */
export function serverUrls(origin: string): { helperUrl: string; brokerUrl: string } {
  const { protocol, host } = new URL(origin);
  return {
    helperUrl: `${protocol}//${host}/`,
    brokerUrl: `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${BROKER_PATH}`,
  };
}

const same = (a: string, b: string) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
};

/**
 * The server that serves these URLs, or '' when no one server does (a broker elsewhere and a helper
 * page not at the root of its host): for settings saved before they named a server. A helper page at
 * the root of its host names the server even when the broker is elsewhere, so only the broker shows
 * as set apart.
 */
export function serverOf(helperUrl: string, brokerUrl: string): string {
  const fromHelper = parseServerAddress(helperUrl);
  if (fromHelper.ok) return fromHelper.value;
  try {
    const broker = new URL(brokerUrl);
    if (broker.pathname !== BROKER_PATH || broker.search || broker.hash) return '';
    const origin = parseServerAddress(`${broker.protocol === 'wss:' ? 'https' : 'http'}://${broker.host}`);
    return origin.ok ? origin.value : '';
  } catch {
    return '';
  }
}

export interface ServerChoice {
  /** The server's origin, or '' when both URLs are set apart. */
  server: string;
  /** Each '' when it is the server's own. */
  helperUrl: string;
  brokerUrl: string;
}

/** The options page's view of the URLs in use: the server, and each URL only where it is not the server's. */
export function choiceOf(settings: { server: string; helperUrl: string; brokerUrl: string }): ServerChoice {
  const own = settings.server === '' ? null : serverUrls(settings.server);
  return {
    server: settings.server,
    helperUrl: own && same(own.helperUrl, settings.helperUrl) ? '' : settings.helperUrl,
    brokerUrl: own && same(own.brokerUrl, settings.brokerUrl) ? '' : settings.brokerUrl,
  };
}

/** The URLs a share uses: each override, or else the server's own; null without a server to fill a gap. */
export function urlsOf(choice: ServerChoice): { helperUrl: string; brokerUrl: string } | null {
  const helper = choice.helperUrl.trim();
  const broker = choice.brokerUrl.trim();
  if (helper !== '' && broker !== '') return { helperUrl: helper, brokerUrl: broker };
  const server = parseServerAddress(choice.server);
  if (!server.ok) return null;
  const own = serverUrls(server.value);
  return { helperUrl: helper || own.helperUrl, brokerUrl: broker || own.brokerUrl };
}
