import { randomBytes } from '../util/bytes.ts';

/**
 * AES-256-GCM through WebCrypto (the same API in browsers and Node 20). A fresh 96-bit random IV per
 * message, as NIST SP 800-38D section 8.2.2 allows for far more messages than a session ever sends.
 */
export const IV_BYTES = 12;

export function importSessionKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function seal(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer> }> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData },
    key,
    plaintext,
  );
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** `null` when the key, IV, data or ciphertext do not match: tampered, or never ours. */
export async function open(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  ciphertext: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (iv.length !== IV_BYTES) return null;
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData },
      key,
      ciphertext,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
