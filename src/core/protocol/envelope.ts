import * as v from 'valibot';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../bytes.ts';
import { open, seal } from '../crypto.ts';
import { deflate, inflate } from '../deflate.ts';
import { err, ok, type Result } from '../result.ts';
import { SealedBody } from './signal.ts';

/**
 * Wire format of every signaling payload: `{"v":1,"iv":"<b64url>","ct":"<b64url>"}`.
 * The broker sees only this. The additional data binds the topic, so a message moved to another
 * topic (another session, another helper) fails to open.
 */
export const ENVELOPE_VERSION = 1;
export const MAX_ENVELOPE_BYTES = 64 * 1024;
/** A body is stored as-is or deflated; the format byte is inside the ciphertext, so it is authenticated. */
const RAW = 0;
const DEFLATED = 1;
/** Below this, deflate saves little: SDP offers and answers (kilobytes) are what it is for. */
const DEFLATE_FROM = 512;
const MAX_BODY_BYTES = 4 * MAX_ENVELOPE_BYTES;

export type EnvelopeError =
  'oversize' | 'not-json' | 'bad-version' | 'bad-shape' | 'decrypt-failed' | 'bad-body';

const Outer = v.object({
  v: v.number(),
  iv: v.pipe(v.string(), v.maxLength(32)),
  ct: v.pipe(v.string(), v.maxLength(MAX_ENVELOPE_BYTES * 2)),
});

const additionalData = (topic: string) => utf8(`lookover/${ENVELOPE_VERSION}|${topic}`);

export async function sealEnvelope(key: CryptoKey, topic: string, body: SealedBody): Promise<string> {
  const json = utf8(JSON.stringify(body));
  const packed = json.length >= DEFLATE_FROM ? withFormat(DEFLATED, deflate(json)) : withFormat(RAW, json);
  const { iv, ciphertext } = await seal(key, packed, additionalData(topic));
  const wire = JSON.stringify({ v: ENVELOPE_VERSION, iv: toBase64Url(iv), ct: toBase64Url(ciphertext) });
  if (wire.length > MAX_ENVELOPE_BYTES)
    throw new RangeError(`signaling message too large (${wire.length} bytes)`);
  return wire;
}

export async function openEnvelope(
  key: CryptoKey,
  topic: string,
  payload: Uint8Array | string,
): Promise<Result<SealedBody, EnvelopeError>> {
  const size = typeof payload === 'string' ? payload.length : payload.byteLength;
  if (size > MAX_ENVELOPE_BYTES) return err('oversize');
  const text = typeof payload === 'string' ? payload : fromUtf8(payload);
  if (text === null) return err('not-json');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('not-json');
  }
  const outer = v.safeParse(Outer, json);
  if (!outer.success) return err('bad-shape');
  if (outer.output.v !== ENVELOPE_VERSION) return err('bad-version');
  const iv = fromBase64Url(outer.output.iv);
  const ciphertext = fromBase64Url(outer.output.ct);
  if (!iv || !ciphertext) return err('bad-shape');
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
