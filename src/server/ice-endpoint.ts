import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAddressRateLimit } from './address-rate-limit.ts';
import { answer } from './http-answer.ts';
import { clientAddress } from './client-address.ts';
import { iceAnswer, type IceConfig } from './ice-servers.ts';
import { ICE_BURST, ICE_PER_SECOND, ICE_TRACKED_ADDRESSES } from './limits.ts';
import { isOriginAllowed } from './origin.ts';

export const ICE_PATH = '/ice';
/** How long a browser may keep the answer to a preflight: no credential is in it. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * `GET /ice`: the STUN and TURN servers to use, TURN with a credential made for this request
 * (docs/decisions/0019-public-server.md). The extension asks from its `chrome-extension://` origin
 * and the helper page from this server's: the broker's `Origin` allowlist decides for both, so a
 * web page elsewhere cannot have its visitors' browsers collect credentials for it.
 */
export function createIceEndpoint(options: {
  ice: IceConfig;
  allowedOrigins: readonly string[];
  trustedProxies: readonly string[];
  /** Told of each request refused, and why. */
  refuse: (address: string, reason: string) => void;
  now?: () => number;
}) {
  const { ice, allowedOrigins, trustedProxies, refuse, now = Date.now } = options;
  const limit = createAddressRateLimit({
    burst: ICE_BURST,
    perSecond: ICE_PER_SECOND,
    maxAddresses: ICE_TRACKED_ADDRESSES,
    now,
  });

  return (req: IncomingMessage, res: ServerResponse) => {
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
    const origin = req.headers.origin;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Origin');
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') =>
      answer(res, status, type, body);

    if (req.method !== 'GET' && req.method !== 'OPTIONS') {
      res.setHeader('Allow', 'GET, OPTIONS');
      return reply(405, 'Method not allowed\n');
    }
    if (!isOriginAllowed(origin, req.headers.host, allowedOrigins)) {
      refuse(address, `${ICE_PATH} from origin not allowed: ${origin?.slice(0, 100)}`);
      return reply(403, 'Origin not allowed\n');
    }
    if (origin !== undefined) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      res.statusCode = 204;
      return res.end();
    }
    const verdict = limit.take(address);
    if (!verdict.ok) {
      refuse(address, `${ICE_PATH} asked too often`);
      res.setHeader('Retry-After', String(verdict.retryAfterS));
      return reply(429, `Too many requests: try again in ${verdict.retryAfterS} s\n`);
    }
    reply(200, JSON.stringify(iceAnswer(ice, now())), 'application/json');
  };
}
