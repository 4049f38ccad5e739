import { fromBase64Url, randomBytes, randomId, toBase64Url } from '../util/bytes.ts';
import { err, ok, type Result } from '../util/result.ts';

/**
 * Everything a helper needs to join lives in the link's fragment, which browsers never send to a
 * server (RFC 3986 section 3.5): the session id, the session key and the broker to meet on.
 */
export interface SessionLink {
  sessionId: string;
  key: Uint8Array<ArrayBuffer>;
  brokerUrl: string;
  /**
   * The sharer set STUN or TURN servers. The helper then reads them from the session's status record
   * before it offers; otherwise it offers at once, with no servers
   * (docs/decisions/0003-join-carries-offer.md).
   */
  customIce: boolean;
  /**
   * A hash of the sharer's public keys (crypto/party-keys.ts): only a status record carrying keys
   * with this hash, signed by them, is the sharer's.
   */
  commitment: string;
}

export type LinkError = 'missing' | 'malformed' | 'unsupported-version';

// 3: the link commits to the sharer's public keys; 2: the helper's join carries its offer (1 had
// the sharer offer).
export const LINK_VERSION = '3';
const SESSION_ID_BYTES = 16;
const KEY_BYTES = 32;

const COMMITMENT = /^[A-Za-z0-9_-]{22}$/;

export function createSessionLink(brokerUrl: string, commitment: string, customIce = false): SessionLink {
  return {
    sessionId: randomId(SESSION_ID_BYTES),
    key: randomBytes(KEY_BYTES),
    brokerUrl,
    customIce,
    commitment,
  };
}

export function formatLink(base: string, link: SessionLink): string {
  const params = new URLSearchParams({
    v: LINK_VERSION,
    s: link.sessionId,
    b: link.brokerUrl,
    ...(link.customIce ? { i: '1' } : {}),
    c: link.commitment,
    // Last, so a link cut short by a chat app loses key bytes and is rejected, not half-trusted.
    k: toBase64Url(link.key),
  });
  const url = new URL(base);
  url.hash = params.toString();
  return url.toString();
}

export const isBrokerUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'ws:' || url.protocol === 'wss:';
  } catch {
    return false;
  }
};

/** Parses a full link or just its fragment (`#v=1&s=...`). */
export function parseLink(href: string): Result<SessionLink, LinkError> {
  const hashAt = href.indexOf('#');
  const fragment = hashAt === -1 ? '' : href.slice(hashAt + 1);
  if (fragment === '') return err('missing');
  const params = new URLSearchParams(fragment);
  const version = params.get('v');
  if (version === null) return err('malformed');
  if (version !== LINK_VERSION) return err('unsupported-version');
  const sessionId = params.get('s') ?? '';
  const key = fromBase64Url(params.get('k') ?? '');
  const brokerUrl = params.get('b') ?? '';
  const commitment = params.get('c') ?? '';
  const id = fromBase64Url(sessionId);
  if (
    id?.length !== SESSION_ID_BYTES ||
    key?.length !== KEY_BYTES ||
    !isBrokerUrl(brokerUrl) ||
    !COMMITMENT.test(commitment)
  ) {
    return err('malformed');
  }
  return ok({ sessionId, key, brokerUrl, customIce: params.get('i') === '1', commitment });
}
