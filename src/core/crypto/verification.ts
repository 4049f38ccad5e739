import { utf8 } from '../util/bytes.ts';

/**
 * The `a=fingerprint:` of an SDP (RFC 8122): the certificate hash DTLS will be checked against.
 * A line may sit at session level and in each media section, and a media-level one overrides the
 * session's; so every line must name the same certificate, or the SDP has none we can vouch for
 * (`null`): a code over one line while DTLS checks another would bind nothing.
 */
export function sdpFingerprint(sdp: string): string | null {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    if (!line.startsWith('a=fingerprint:')) continue;
    const match = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/.exec(line);
    if (!match) return null;
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}`);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/**
 * A short code both sides show, so the sharer can check who they let in
 * (docs/decisions/0004-sharer-approves-every-helper.md). It is an HMAC under the session key over
 * both DTLS fingerprints: a broker that swapped either fingerprint (to sit in the middle of the
 * media) cannot make the codes match without the key. Nobody can grind a certificate to hit a
 * chosen code either: a helper's fingerprint is in its join before the sharer's certificate for that
 * join is revealed, and that answer is sealed for the pair, so no other link holder ever sees it
 * (docs/decisions/0017-each-party-its-own-keys.md).
 */
export async function verificationCode(
  key: Uint8Array<ArrayBuffer>,
  sharerFingerprint: string,
  helperFingerprint: string,
): Promise<string> {
  const hmacKey = await globalThis.crypto.subtle.importKey(
    'raw',
    key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new DataView(
    await globalThis.crypto.subtle.sign(
      'HMAC',
      hmacKey,
      utf8(`lookover verification v1|${sharerFingerprint}|${helperFingerprint}`),
    ),
  );
  const digits = String(mac.getUint32(0) % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/**
 * The code from a session's two descriptions, taken by role so neither side can swap them (both
 * sides read the fingerprints the same way); `null` when either has none.
 */
export async function verificationCodeOf(
  key: Uint8Array<ArrayBuffer>,
  sharerSdp: string,
  helperSdp: string,
): Promise<string | null> {
  const sharer = sdpFingerprint(sharerSdp);
  const helper = sdpFingerprint(helperSdp);
  return sharer && helper ? verificationCode(key, sharer, helper) : null;
}
