import { MAX_ICE_SERVERS, MAX_URLS_PER_ICE_SERVER as MAX_TURN_URLS } from '../core/protocol/signal.ts';
import { isIP } from 'node:net';
import { err, ok, type Result } from '../core/util/result.ts';
import { isIceUrl, type IceUrlKind } from './ice-url.ts';
import type { IceConfig } from './ice-servers.ts';

/** Where the server listens, the address people use, TLS, and the ICE servers it hands out. */
export interface PublicConfig {
  host: string;
  port: number;
  /** `https://help.example.org/`: what people open, when it is not `host:port` (a proxy, a DNS name). */
  publicUrl: string | null;
  /** PEM files: HTTPS and WSS on `port` instead of plain HTTP. */
  tls: { certPath: string; keyPath: string } | null;
  ice: IceConfig;
  /** Proxies whose `X-Forwarded-For` names the client, for per-client limits. */
  trustedProxies: readonly string[];
  /** The Redis server a cluster's nodes share; `null`, one server alone. */
  redisUrl: string | null;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = 'localhost';
/**
 * What the status record's schema carries, where the sharer puts the servers for its helpers: each
 * STUN URL is one server and all TURN URLs another.
 */
export { MAX_ICE_SERVERS, MAX_TURN_URLS };
/** Shorter secrets can be guessed from one credential offline: HMAC-SHA1 is fast. */
export const MIN_TURN_SECRET_LENGTH = 16;

/** The variables `publicConfigFromEnv` reads, for messages and documentation. */
export const PUBLIC_SETTINGS = [
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'TLS_CERT',
  'TLS_KEY',
  'STUN_URLS',
  'TURN_URLS',
  'TURN_SECRET',
  'TRUSTED_PROXIES',
  'REDIS_URL',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The configuration the environment sets; a value that is not one is an error naming the variable. */
export function publicConfigFromEnv(env: Env): Result<PublicConfig, string> {
  const get = (name: (typeof PUBLIC_SETTINGS)[number]) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };

  const rawPort = get('PORT');
  const port = rawPort === null ? DEFAULT_PORT : Number(rawPort);
  if (rawPort !== null && !(/^[0-9]{1,5}$/.test(rawPort) && port <= 65535))
    return err(`PORT: "${rawPort}" is not a port (0 to 65535)`);

  const rawUrl = get('PUBLIC_URL');
  const publicUrl = rawUrl === null ? ok(null) : parsePublicUrl(rawUrl);
  if (!publicUrl.ok) return publicUrl;

  const certPath = get('TLS_CERT');
  const keyPath = get('TLS_KEY');
  if ((certPath === null) !== (keyPath === null)) {
    const [set, unset] = certPath === null ? ['TLS_KEY', 'TLS_CERT'] : ['TLS_CERT', 'TLS_KEY'];
    return err(`${set} is set but ${unset} is not: set both (PEM files) for HTTPS, or neither`);
  }

  const stunUrls = urlList('STUN_URLS', get('STUN_URLS'), 'stun');
  if (!stunUrls.ok) return stunUrls;
  const turnUrls = urlList('TURN_URLS', get('TURN_URLS'), 'turn');
  if (!turnUrls.ok) return turnUrls;
  const secret = get('TURN_SECRET');
  if ((turnUrls.value.length === 0) !== (secret === null)) {
    return err(
      secret === null
        ? "TURN_URLS is set but TURN_SECRET is not: set it to coturn's static-auth-secret"
        : "TURN_SECRET is set but TURN_URLS is not: set the TURN server's URLs (turn:host:3478,turns:host:5349)",
    );
  }
  if (secret !== null && !new RegExp(`^[\\x21-\\x7e]{${MIN_TURN_SECRET_LENGTH},}$`).test(secret)) {
    return err(
      `TURN_SECRET: at least ${MIN_TURN_SECRET_LENGTH} printable characters, no spaces (openssl rand -hex 32 makes one)`,
    );
  }
  if (turnUrls.value.length > MAX_TURN_URLS) return err(`TURN_URLS: at most ${MAX_TURN_URLS} URLs`);
  const stunRoom = MAX_ICE_SERVERS - (secret === null ? 0 : 1);
  if (stunUrls.value.length > stunRoom)
    return err(`STUN_URLS: at most ${stunRoom} URLs${secret === null ? '' : ' beside TURN_URLS'}`);

  const proxies = (get('TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const badProxy = proxies.find((entry) => isIP(entry) === 0);
  if (badProxy !== undefined) return err(`TRUSTED_PROXIES: "${badProxy}" is not an IP address`);

  const redisUrl = get('REDIS_URL');
  if (redisUrl !== null && !isRedisUrl(redisUrl))
    // Not echoed: the URL may carry Redis's password.
    return err('REDIS_URL: not a redis:// or rediss:// URL (redis://127.0.0.1:6379)');

  return ok({
    host: get('HOST') ?? DEFAULT_HOST,
    port,
    publicUrl: publicUrl.value,
    tls: certPath !== null && keyPath !== null ? { certPath, keyPath } : null,
    ice: {
      stunUrls: stunUrls.value,
      turn: secret === null ? null : { urls: turnUrls.value, secret },
    },
    trustedProxies: proxies,
    redisUrl,
  });
}

function isRedisUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An `http(s)://host[:port]/` URL, with nothing after the host: the server serves its root. */
function parsePublicUrl(raw: string): Result<string, string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err(`PUBLIC_URL: "${raw}" is not a URL (https://help.example.org/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return err(`PUBLIC_URL: "${raw}" is not an http:// or https:// URL`);
  if (url.username || url.password || url.search || url.hash || raw.endsWith('?') || raw.endsWith('#'))
    return err(`PUBLIC_URL: "${raw}" has more than a scheme and a host (https://help.example.org/)`);
  if (url.pathname !== '/')
    return err(
      `PUBLIC_URL: "${raw}" has a path: Lookover is served at the root of its host (https://help.example.org/)`,
    );
  return ok(`${url.protocol}//${url.host}/`);
}

function urlList(name: string, raw: string | null, kind: IceUrlKind): Result<string[], string> {
  const urls = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = urls.find((url) => !isIceUrl(url, kind));
  if (bad === undefined) return ok(urls);
  const form = kind === 'stun' ? 'stun:host[:port]' : 'turn:host[:port][?transport=udp|tcp] or turns:…';
  return err(`${name}: "${bad}" is not a ${kind === 'stun' ? 'STUN' : 'TURN'} URL (${form})`);
}
