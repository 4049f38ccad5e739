import * as v from 'valibot';
import { fromUtf8, utf8 } from '../util/bytes.ts';
import { open, seal } from '../crypto/session-key.ts';
import { deflate, inflate } from '../util/deflate.ts';
import { err, ok, type Result } from '../util/result.ts';
import { SealedBody } from './signal.ts';

/**
 * Wire format of every signaling payload, binary: one version byte, the 96-bit IV, then the
 * AES-256-GCM ciphertext and tag. The broker sees only this. Version 1 was JSON with base64 fields,
 * a third larger (docs/decisions/0010-few-small-signaling-messages.md). The additional data binds
 * the topic, so a message moved to another topic (another session, another helper) fails to open.
 */
export const ENVELOPE_VERSION = 2;
export const MAX_ENVELOPE_BYTES = 64 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A body is stored as-is or deflated; the format byte is inside the ciphertext, so it is authenticated. */
const RAW = 0;
const DEFLATED = 1;
/** Below this, deflate saves little: SDP offers and answers (kilobytes) are what it is for. */
const DEFLATE_FROM = 512;
const MAX_BODY_BYTES = 4 * MAX_ENVELOPE_BYTES;

export type EnvelopeError = 'oversize' | 'bad-version' | 'bad-shape' | 'decrypt-failed' | 'bad-body';

const additionalData = (topic: string) => utf8(`lookover/${ENVELOPE_VERSION}|${topic}`);

export async function sealEnvelope(
  key: CryptoKey,
  topic: string,
  body: SealedBody,
): Promise<Uint8Array<ArrayBuffer>> {
  const json = utf8(JSON.stringify(body));
  const packed = json.length >= DEFLATE_FROM ? withFormat(DEFLATED, deflate(json)) : withFormat(RAW, json);
  const { iv, ciphertext } = await seal(key, packed, additionalData(topic));
  const wire = new Uint8Array(1 + iv.length + ciphertext.length);
  wire[0] = ENVELOPE_VERSION;
  wire.set(iv, 1);
  wire.set(ciphertext, 1 + iv.length);
  if (wire.length > MAX_ENVELOPE_BYTES)
    throw new RangeError(`signaling message too large (${wire.length} bytes)`);
  return wire;
}

export async function openEnvelope(
  key: CryptoKey,
  topic: string,
  payload: Uint8Array | string,
): Promise<Result<SealedBody, EnvelopeError>> {
  const wire = typeof payload === 'string' ? utf8(payload) : payload;
  if (wire.byteLength > MAX_ENVELOPE_BYTES) return err('oversize');
  if (wire[0] !== ENVELOPE_VERSION) return err('bad-version');
  if (wire.byteLength < 1 + IV_BYTES + TAG_BYTES) return err('bad-shape');
  const iv = wire.slice(1, 1 + IV_BYTES);
  const ciphertext = wire.slice(1 + IV_BYTES);
  const plain = await open(key, iv, ciphertext, additionalData(topic));
  if (!plain) return err('decrypt-failed');
  const packed = plain.slice(1);
  const unpacked = plain[0] === RAW ? packed : plain[0] === DEFLATED ? inflate(packed, MAX_BODY_BYTES) : null;
  if (!unpacked) return err('bad-body');
  const plainText = fromUtf8(unpacked);
  if (plainText === null) return err('bad-body');
  try {
    const parsed = v.safeParse(SealedBody, JSON.parse(plainText));
    return parsed.success ? ok(parsed.output) : err('bad-body');
  } catch {
    return err('bad-body');
  }
}

function withFormat(format: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = format;
  out.set(bytes, 1);
  return out;
}
