import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { sealedBody } from '../../../test/support/messages.ts';
import {
  anyText,
  FEW_RUNS,
  garbled,
  longText,
  mutated,
  toJsonText,
} from '../../../test/support/untrusted.ts';
import { importSessionKey, seal } from '../crypto/session-key.ts';
import { fromUtf8, randomBytes, utf8 } from '../util/bytes.ts';
import { deflate } from '../util/deflate.ts';
import {
  ENVELOPE_VERSION,
  MAX_ENVELOPE_BYTES,
  openEnvelope,
  sealEnvelope,
  type EnvelopeError,
} from './envelope.ts';
import { SealedBody } from './signal.ts';

const key = await importSessionKey(randomBytes(32));
const otherKey = await importSessionKey(randomBytes(32));
const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
/** Version and key bytes, IV, and the AES-GCM tag: what a link-sealed wire holds besides the body. */
const OVERHEAD = 2 + 12 + 16;
/** Inflating stops here (README, "Signaling protocol"). */
const MAX_BODY_BYTES = 4 * MAX_ENVELOPE_BYTES;
const RAW = 0;
const DEFLATED = 1;

/** What a sealed plaintext of ours opens as: sealed under the session key for `topic`, as a sender would. */
async function sealedPlain(format: number, bytes: Uint8Array): Promise<Uint8Array> {
  const plain = new Uint8Array(bytes.length + 1);
  plain[0] = format;
  plain.set(bytes, 1);
  const head = new Uint8Array([ENVELOPE_VERSION, 0]);
  const hex = Array.from(head, (b) => b.toString(16).padStart(2, '0')).join('');
  const { iv, ciphertext } = await seal(key, plain, utf8(`lookover/${ENVELOPE_VERSION}|${topic}|${hex}`));
  return new Uint8Array([...head, ...iv, ...ciphertext]);
}

/** What openEnvelope must answer for a payload nobody sealed with our key. */
function unsealedError(payload: Uint8Array | string): EnvelopeError {
  const wire = typeof payload === 'string' ? utf8(payload) : payload;
  if (wire.length > MAX_ENVELOPE_BYTES) return 'oversize';
  if (wire[0] !== ENVELOPE_VERSION) return 'bad-version';
  if (wire[1] === 0) return wire.length < OVERHEAD ? 'bad-shape' : 'decrypt-failed';
  if (wire[1] !== 1) return 'bad-shape';
  // Sealed for a pair: a readable pair id, then IV and tag; a plain key opens no pair.
  const idLength = wire[2] ?? 0;
  const id = fromUtf8(wire.subarray(3, 3 + idLength));
  if (id === null || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) return 'bad-shape';
  if (wire.length < 3 + idLength + 12 + 16) return 'bad-shape';
  return 'unknown-pair';
}

/**
 * Bodies that fit in an envelope. The schema allows more than 64 KiB of JSON (eight servers of
 * eight 512-unit URLs), which sealEnvelope refuses to send; our own messages stay far below that.
 */
const sealable = sealedBody.filter((body) => utf8(JSON.stringify(body)).length <= MAX_ENVELOPE_BYTES - 64);

/** Bytes that start like a wire of ours more often than chance would have them. */
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array([ENVELOPE_VERSION, ...bytes])),
  anyText(200),
);

describe('signaling envelope (properties)', () => {
  it('never throws on bytes or text nobody sealed, and says why it refuses them', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (data) => {
        expect(await openEnvelope(key, topic, data)).toEqual({ ok: false, error: unsealedError(data) });
      }),
      FEW_RUNS,
    );
  });

  it('opens what it sealed, raw or deflated, on any topic', async () => {
    await fc.assert(
      fc.asyncProperty(sealable, anyText(100), async (body, anyTopic) => {
        const wire = await sealEnvelope(key, anyTopic, body);
        expect(await openEnvelope(key, anyTopic, wire)).toEqual({
          ok: true,
          value: { body, sealed: { with: 'link' } },
        });
      }),
      FEW_RUNS,
    );
  });

  it('refuses a sealed wire with any one bit changed, on another topic, or under another key', async () => {
    await fc.assert(
      fc.asyncProperty(sealable, fc.nat(), fc.nat({ max: 7 }), async (body, at, bit) => {
        const wire = await sealEnvelope(key, topic, body);
        const index = at % wire.length;
        const tampered = wire.slice();
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        expect(await openEnvelope(key, topic, tampered)).toEqual({
          ok: false,
          // The version byte, then which key: a header that is no longer one of ours, or names a pair.
          error: index === 0 ? 'bad-version' : index === 1 ? unsealedError(tampered) : 'decrypt-failed',
        });
      }),
      FEW_RUNS,
    );
    await fc.assert(
      fc.asyncProperty(sealable, anyText(100), async (body, otherTopic) => {
        fc.pre(otherTopic !== topic);
        const wire = await sealEnvelope(key, topic, body);
        expect(await openEnvelope(key, otherTopic, wire)).toEqual({ ok: false, error: 'decrypt-failed' });
        expect(await openEnvelope(otherKey, topic, wire)).toEqual({ ok: false, error: 'decrypt-failed' });
      }),
      FEW_RUNS,
    );
  });

  it('never throws on a sealed body that is not a valid one, and opens only valid ones', async () => {
    const sealedText = fc.oneof(
      mutated(sealedBody).map(toJsonText),
      garbled(sealedBody.map((body) => JSON.stringify(body))),
      fc.json(),
      anyText(200),
    );
    await fc.assert(
      fc.asyncProperty(sealedText, fc.constantFrom(RAW, DEFLATED), async (text, format) => {
        const bytes = utf8(text);
        const wire = await sealedPlain(format, format === RAW ? bytes : deflate(bytes));
        const result = await openEnvelope(key, topic, wire);
        if (result.ok) expect(v.is(SealedBody, result.value.body)).toBe(true);
        else expect(result.error).toBe(wire.length > MAX_ENVELOPE_BYTES ? 'oversize' : 'bad-body');
      }),
      FEW_RUNS,
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 255 }), async (bytes, format) => {
        // Random bytes: not UTF-8 JSON of a body, under any format byte, nor a deflate stream of one.
        expect(await openEnvelope(key, topic, await sealedPlain(format, bytes))).toEqual({
          ok: false,
          error: 'bad-body',
        });
      }),
      FEW_RUNS,
    );
  });

  it('refuses a byte over 64 KiB, as bytes or text, and opens a sealed wire at it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4096 }),
        fc.nat({ max: 255 }),
        longText(MAX_ENVELOPE_BYTES - 4096, MAX_ENVELOPE_BYTES),
        async (over, first, text) => {
          const bytes = new Uint8Array(MAX_ENVELOPE_BYTES + over);
          bytes[0] = first;
          expect(await openEnvelope(key, topic, bytes)).toEqual({ ok: false, error: 'oversize' });
          // Text is weighed as the UTF-8 it arrived as, not in UTF-16 units.
          expect(await openEnvelope(key, topic, text)).toEqual({ ok: false, error: unsealedError(text) });
        },
      ),
      FEW_RUNS,
    );
    await fc.assert(
      fc.asyncProperty(sealedBody, async (body) => {
        const json = JSON.stringify(body);
        fc.pre(utf8(json).length + 1 + OVERHEAD < MAX_ENVELOPE_BYTES);
        // JSON may end in spaces: padded so the raw wire is exactly the limit, then one byte more.
        const fill = MAX_ENVELOPE_BYTES - OVERHEAD - 1 - utf8(json).length;
        const atLimit = await sealedPlain(RAW, utf8(json + ' '.repeat(fill)));
        const overLimit = await sealedPlain(RAW, utf8(json + ' '.repeat(fill + 1)));
        expect(atLimit.length).toBe(MAX_ENVELOPE_BYTES);
        expect(await openEnvelope(key, topic, atLimit)).toEqual({
          ok: true,
          value: { body, sealed: { with: 'link' } },
        });
        expect(await openEnvelope(key, topic, overLimit)).toEqual({ ok: false, error: 'oversize' });
      }),
      { numRuns: 30 },
    );
  });

  it('inflates a body to 256 KiB and refuses one a byte larger', async () => {
    await fc.assert(
      fc.asyncProperty(sealedBody, async (body) => {
        const json = utf8(JSON.stringify(body));
        fc.pre(json.length < MAX_BODY_BYTES);
        const padTo = (size: number) => {
          const bytes = new Uint8Array(size).fill(0x20);
          bytes.set(json);
          return deflate(bytes);
        };
        expect(await openEnvelope(key, topic, await sealedPlain(DEFLATED, padTo(MAX_BODY_BYTES)))).toEqual({
          ok: true,
          value: { body, sealed: { with: 'link' } },
        });
        expect(
          await openEnvelope(key, topic, await sealedPlain(DEFLATED, padTo(MAX_BODY_BYTES + 1))),
        ).toEqual({
          ok: false,
          error: 'bad-body',
        });
      }),
      { numRuns: 30 },
    );
  });
});
