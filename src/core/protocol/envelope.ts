import * as v from 'valibot';
import { fromUtf8, utf8 } from '../util/bytes.ts';
import { open, seal } from '../crypto/session-key.ts';
import { deflate, inflate } from '../util/deflate.ts';
import { err, ok, type Result } from '../util/result.ts';
import { SealedBody } from './signal.ts';

/**
 * Wire format of every signaling payload, binary: a version byte, which key sealed it, the 96-bit
 * IV, then the AES-256-GCM ciphertext and tag. The broker sees only this. Version 1 was JSON with
 * base64 fields, a third larger (docs/decisions/0010-few-small-signaling-messages.md).
 *
 * Two kinds of key: the link's, which every link holder has (joins, the status record), and a
 * sharer-helper pair's, which only those two can compute (everything after the join; see
 * crypto/party-keys.ts). A pair-sealed message names its pair (the helper's id) in the clear, so
 * the receiver knows which key to try; topic names already carry helper ids. The additional data
 * binds the topic and the header, so a message moved to another topic or relabelled fails to open.
 */
export const ENVELOPE_VERSION = 3;
export const MAX_ENVELOPE_BYTES = 64 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const LINK_KEY = 0;
const PAIR_KEY = 1;
/** A body is stored as-is or deflated; the format byte is inside the ciphertext, so it is authenticated. */
const RAW = 0;
const DEFLATED = 1;
/** Below this, deflate saves little: SDP offers and answers (kilobytes) are what it is for. */
const DEFLATE_FROM = 512;
const MAX_BODY_BYTES = 4 * MAX_ENVELOPE_BYTES;
const PAIR_ID = /^[A-Za-z0-9_-]{8,64}$/;

export type EnvelopeError =
  'oversize' | 'bad-version' | 'bad-shape' | 'unknown-pair' | 'decrypt-failed' | 'bad-body';

/** Which key sealed a message: the link's, or one sharer-helper pair's (named by the helper's id). */
export type SealedWith = { with: 'link' } | { with: 'pair'; pair: string };
export const WITH_LINK: SealedWith = { with: 'link' };

/** The key for a header; `null` when there is none (a pair we never agreed), so it cannot open. */
export type KeyFor = (sealed: SealedWith) => CryptoKey | null | Promise<CryptoKey | null>;

const header = (sealed: SealedWith): Uint8Array<ArrayBuffer> => {
  if (sealed.with === 'link') return new Uint8Array([ENVELOPE_VERSION, LINK_KEY]);
  const id = utf8(sealed.pair);
  return new Uint8Array([ENVELOPE_VERSION, PAIR_KEY, id.length, ...id]);
};

const additionalData = (topic: string, head: Uint8Array) =>
  utf8(`lookover/${ENVELOPE_VERSION}|${topic}|${toHex(head)}`);
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export async function sealEnvelope(
  key: CryptoKey,
  topic: string,
  body: SealedBody,
  sealed: SealedWith = WITH_LINK,
): Promise<Uint8Array<ArrayBuffer>> {
  const json = utf8(JSON.stringify(body));
  const packed = json.length >= DEFLATE_FROM ? withFormat(DEFLATED, deflate(json)) : withFormat(RAW, json);
  const head = header(sealed);
  const { iv, ciphertext } = await seal(key, packed, additionalData(topic, head));
  const wire = new Uint8Array(head.length + iv.length + ciphertext.length);
  wire.set(head, 0);
  wire.set(iv, head.length);
  wire.set(ciphertext, head.length + iv.length);
  if (wire.length > MAX_ENVELOPE_BYTES)
    throw new RangeError(`signaling message too large (${wire.length} bytes)`);
  return wire;
}

/** The header of a payload, before any key is tried; `null` when it is not one of ours. */
function readHeader(wire: Uint8Array): { sealed: SealedWith; length: number } | null {
  if (wire[1] === LINK_KEY) return { sealed: WITH_LINK, length: 2 };
  if (wire[1] !== PAIR_KEY) return null;
  const idLength = wire[2] ?? 0;
  const pair = fromUtf8(wire.subarray(3, 3 + idLength));
  if (pair === null || !PAIR_ID.test(pair)) return null;
  return { sealed: { with: 'pair', pair }, length: 3 + idLength };
}

export async function openEnvelope(
  keys: CryptoKey | KeyFor,
  topic: string,
  payload: Uint8Array | string,
): Promise<Result<{ body: SealedBody; sealed: SealedWith }, EnvelopeError>> {
  const wire = typeof payload === 'string' ? utf8(payload) : payload;
  if (wire.byteLength > MAX_ENVELOPE_BYTES) return err('oversize');
  if (wire[0] !== ENVELOPE_VERSION) return err('bad-version');
  const head = readHeader(wire);
  if (!head || wire.byteLength < head.length + IV_BYTES + TAG_BYTES) return err('bad-shape');
  const key =
    typeof keys === 'function' ? await keys(head.sealed) : head.sealed.with === 'link' ? keys : null;
  if (!key) return err('unknown-pair');
  const iv = wire.slice(head.length, head.length + IV_BYTES);
  const ciphertext = wire.slice(head.length + IV_BYTES);
  const plain = await open(key, iv, ciphertext, additionalData(topic, wire.subarray(0, head.length)));
  if (!plain) return err('decrypt-failed');
  const packed = plain.slice(1);
  const unpacked = plain[0] === RAW ? packed : plain[0] === DEFLATED ? inflate(packed, MAX_BODY_BYTES) : null;
  if (!unpacked) return err('bad-body');
  const plainText = fromUtf8(unpacked);
  if (plainText === null) return err('bad-body');
  try {
    const parsed = v.safeParse(SealedBody, JSON.parse(plainText));
    return parsed.success ? ok({ body: parsed.output, sealed: head.sealed }) : err('bad-body');
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
