import { fromBase64Url, toBase64Url, utf8 } from '../util/bytes.ts';

/**
 * Each party's own keys, beside the link's shared key (docs/decisions/0017-each-party-its-own-keys.md).
 * The shared key only proves someone holds the link; these prove who is speaking:
 *
 * - The sharer makes an Ed25519 signing pair and an X25519 pair per share. The link commits to both
 *   public keys (a hash in the fragment), the status record carries them, signed: only the sharer
 *   can write a status record a helper believes.
 * - A helper makes an X25519 pair per join, and its id is the hash of its public key, so a join
 *   cannot claim someone else's id. Sharer and helper agree an AES-GCM key (X25519 + HKDF) that no
 *   other link holder can compute: after the join, a link holder can neither read nor forge that
 *   helper's traffic.
 *
 * Ed25519 and X25519 are in WebCrypto in Chromium, Firefox, Safari and Node 20.
 */
const subtle = () => globalThis.crypto.subtle;
const PUBLIC_KEY_BYTES = 32;
const COMMITMENT_BYTES = 16;
const HELPER_ID_BYTES = 16;

export interface SharerKeys {
  signing: CryptoKeyPair;
  agreement: CryptoKeyPair;
  /** Raw public keys, base64url, as the status record carries them. */
  signPublic: string;
  agreePublic: string;
  /** What the link carries: a hash of both public keys. */
  commitment: string;
}

export interface HelperKeys {
  agreement: CryptoKeyPair;
  agreePublic: string;
  /** The helper's id on the broker: the hash of its public key. */
  id: string;
}

async function exportRaw(key: CryptoKey): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().exportKey('raw', key)));
}

const digest = async (label: string, ...parts: Uint8Array[]): Promise<Uint8Array> => {
  const label8 = utf8(label);
  const total = label8.length + parts.reduce((sum, part) => sum + part.length, 0);
  const buffer = new Uint8Array(total);
  buffer.set(label8, 0);
  let at = label8.length;
  for (const part of parts) {
    buffer.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', buffer));
};

const rawPublic = (text: string): Uint8Array<ArrayBuffer> | null => {
  const bytes = fromBase64Url(text);
  return bytes?.length === PUBLIC_KEY_BYTES ? bytes : null;
};

export async function commitmentOf(signPublic: string, agreePublic: string): Promise<string | null> {
  const sign = rawPublic(signPublic);
  const agree = rawPublic(agreePublic);
  if (!sign || !agree) return null;
  return toBase64Url((await digest('lookover keys v1|', sign, agree)).slice(0, COMMITMENT_BYTES));
}

export async function createSharerKeys(): Promise<SharerKeys> {
  const signing = (await subtle().generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const agreement = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const signPublic = await exportRaw(signing.publicKey);
  const agreePublic = await exportRaw(agreement.publicKey);
  return {
    signing,
    agreement,
    signPublic,
    agreePublic,
    commitment: (await commitmentOf(signPublic, agreePublic))!,
  };
}

/** A helper's id from its public key; `null` for anything that is not one. */
export async function helperIdOf(agreePublic: string): Promise<string | null> {
  const raw = rawPublic(agreePublic);
  return raw ? toBase64Url((await digest('lookover helper v1|', raw)).slice(0, HELPER_ID_BYTES)) : null;
}

export async function createHelperKeys(): Promise<HelperKeys> {
  const agreement = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const agreePublic = await exportRaw(agreement.publicKey);
  return { agreement, agreePublic, id: (await helperIdOf(agreePublic))! };
}

/**
 * The key one sharer and one helper share (RFC 7748 X25519, then RFC 5869 HKDF-SHA-256 bound to
 * the session and the helper). `null` when their public key is not a valid one.
 */
export async function pairKey(
  own: CryptoKey,
  theirPublic: string,
  sessionId: string,
  helperId: string,
): Promise<CryptoKey | null> {
  const raw = rawPublic(theirPublic);
  if (!raw) return null;
  try {
    const theirs = await subtle().importKey('raw', raw, { name: 'X25519' }, false, []);
    const shared = await subtle().deriveBits({ name: 'X25519', public: theirs }, own, 256);
    const base = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
    return await subtle().deriveKey(
      {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: utf8(`lookover session|${sessionId}`),
        info: utf8(`lookover pair v1|${helperId}`),
      },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } catch {
    // A low-order point or a key the browser refuses: no pair, so nothing from it opens.
    return null;
  }
}

export async function sign(keys: SharerKeys, data: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url(new Uint8Array(await subtle().sign('Ed25519', keys.signing.privateKey, data)));
}

/** Whether `signature` over `data` is by the holder of `signPublic`; never throws. */
export async function verify(
  signPublic: string,
  signature: string,
  data: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const raw = rawPublic(signPublic);
  const sig = fromBase64Url(signature);
  if (!raw || sig?.length !== 64) return false;
  try {
    const key = await subtle().importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify('Ed25519', key, sig, data);
  } catch {
    return false;
  }
}
