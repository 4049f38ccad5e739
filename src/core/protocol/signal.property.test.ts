import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { candidate, iceServer, sealedBody } from '../../../test/support/messages.ts';
import {
  anyInput,
  garbled,
  jsonValue,
  mutated,
  RUNS,
  Raw,
  toJsonText,
} from '../../../test/support/untrusted.ts';
import { isPeerId, SealedBody, SignalMessage } from './signal.ts';

/**
 * The schemas here have no parser of their own: openEnvelope runs JSON.parse and then SealedBody
 * on what it decrypted, and so do these properties, without the crypto.
 */
function read(text: string): SealedBody | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const result = v.safeParse(SealedBody, value);
  return result.success ? result.output : null;
}

/** What the schema passes on is valid, and reads back as it would be sent. */
function acceptable(result: SealedBody | null) {
  if (result === null) return;
  expect(v.is(SealedBody, result)).toBe(true);
  const text = JSON.stringify(result);
  expect(JSON.stringify(read(text))).toBe(text);
}

const body = (msg: unknown) => ({ from: 'helper-1234', seq: 0, ts: 0, msg });
const live = {
  type: 'status',
  state: 'live',
  sharerName: 'Sam',
  iceServers: [],
  iceTransportPolicy: 'all',
  keys: { sign: 'A'.repeat(43), agree: 'B'.repeat(43) },
  sig: 'C'.repeat(86),
};
const x = (n: number) => 'x'.repeat(n);

describe('signal messages (properties)', () => {
  it('never throws, whatever was sealed', () => {
    fc.assert(
      fc.property(anyInput, (value) => {
        v.safeParse(SealedBody, value);
        v.safeParse(SignalMessage, value);
        if (typeof value === 'string') acceptable(read(value));
      }),
      RUNS,
    );
  });

  it('never throws on near-valid bodies, and what it accepts is valid', () => {
    fc.assert(
      fc.property(mutated(sealedBody), (value) => acceptable(read(toJsonText(value)))),
      RUNS,
    );
    fc.assert(
      fc.property(garbled(sealedBody.map((b) => JSON.stringify(b))), (text) => acceptable(read(text))),
      RUNS,
    );
  });

  it('round-trips every valid body through JSON', () => {
    fc.assert(
      fc.property(sealedBody, (b) => {
        expect(read(JSON.stringify(b))).toEqual(b);
      }),
      RUNS,
    );
  });

  it('drops unknown fields in the body and its message, but keeps them', () => {
    fc.assert(
      fc.property(
        sealedBody,
        fc.string({ maxLength: 8 }),
        jsonValue,
        fc.boolean(),
        (b, key, value, inMsg) => {
          const target = inMsg ? { ...b.msg } : { ...b };
          fc.pre(!Object.hasOwn(target, key));
          Object.defineProperty(target, key, { value, enumerable: true });
          expect(read(toJsonText(inMsg ? { ...b, msg: target } : target))).toEqual(b);
        },
      ),
      RUNS,
    );
  });

  it('refuses each field one over its limit, and keeps it at the limit', () => {
    const sdp = 48 * 1024;
    const cases: [unknown, unknown][] = [
      [
        { type: 'offer', sdp: x(sdp) },
        { type: 'offer', sdp: x(sdp + 1) },
      ],
      [
        { type: 'answer', sdp: x(sdp) },
        { type: 'answer', sdp: x(sdp + 1) },
      ],
      [
        { type: 'join', name: x(64), key: x(43), returning: false, sdp: 'v=0' },
        { type: 'join', name: x(65), key: x(43), returning: false, sdp: 'v=0' },
      ],
      [
        { type: 'join', name: '', key: x(43), returning: true, sdp: 'v=0' },
        { type: 'join', name: '', key: x(44), returning: true, sdp: 'v=0' },
      ],
      [
        { type: 'join', name: '', key: x(43), returning: false, sdp: x(sdp) },
        { type: 'join', name: '', key: x(42), returning: false, sdp: 'v=0' },
      ],
      [
        { ...live, sharerName: x(64) },
        { ...live, sharerName: x(65) },
      ],
      [
        { ...live, iceServers: new Array(8).fill({ urls: new Array(8).fill(x(512)) }) },
        { ...live, iceServers: new Array(9).fill({ urls: 'stun:x' }) },
      ],
      [
        { ...live, iceServers: [{ urls: x(512), username: x(256), credential: x(256) }] },
        { ...live, iceServers: [{ urls: new Array(9).fill('stun:x') }] },
      ],
      [
        { ...live, iceServers: [{ urls: 'turn:x', username: x(256), credential: '' }] },
        { ...live, iceServers: [{ urls: x(513) }] },
      ],
      [
        { ...live, iceServers: [{ urls: 'turn:x', username: '', credential: x(256) }] },
        { ...live, iceServers: [{ urls: 'turn:x', username: x(257) }] },
      ],
      [
        { ...live, iceServers: [{ urls: 'turn:x', username: '', credential: '' }] },
        { ...live, iceServers: [{ urls: 'turn:x', credential: x(257) }] },
      ],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), ([within, over]) => {
        expect(read(JSON.stringify(body(within)))).toEqual(body(within));
        expect(read(JSON.stringify(body(over)))).toBeNull();
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(
        fc.array(candidate, { minLength: 16, maxLength: 16 }),
        candidate,
        fc.constantFrom(
          { candidate: x(1025) },
          { sdpMid: x(65) },
          { sdpMLineIndex: 65 },
          { usernameFragment: x(257) },
        ),
        (sixteen, c, spoil) => {
          expect(read(JSON.stringify(body({ type: 'ice', candidates: sixteen })))).not.toBeNull();
          expect(read(JSON.stringify(body({ type: 'ice', candidates: [...sixteen, c] })))).toBeNull();
          expect(read(JSON.stringify(body({ type: 'ice', candidates: [] })))).toBeNull();
          expect(read(JSON.stringify(body({ type: 'ice', candidates: [{ ...c, ...spoil }] })))).toBeNull();
        },
      ),
      RUNS,
    );
  });

  it('refuses a sender that is not an id, and a sequence or time that is not a whole number in range', () => {
    fc.assert(
      fc.property(sealedBody, fc.string({ unit: 'binary', maxLength: 70 }), (b, from) => {
        fc.pre(!/^[A-Za-z0-9_-]{8,64}$/.test(from));
        expect(isPeerId(from)).toBe(false);
        expect(read(JSON.stringify({ ...b, from }))).toBeNull();
      }),
      RUNS,
    );
    const badNumber = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ noNaN: true, noInteger: true }),
      fc.constantFrom<unknown>(new Raw('1e999'), new Raw('NaN'), null, '1', [1], {}),
    );
    fc.assert(
      fc.property(sealedBody, badNumber, fc.constantFrom('seq', 'ts'), (b, bad, field) => {
        expect(read(toJsonText({ ...b, [field]: bad }))).toBeNull();
      }),
      RUNS,
    );
    fc.assert(
      fc.property(sealedBody, fc.integer({ min: 1, max: 1e6 }), (b, over) => {
        expect(read(JSON.stringify({ ...b, seq: Number.MAX_SAFE_INTEGER + over * 2 }))).toBeNull();
      }),
      RUNS,
    );
  });

  it('refuses an unknown type, an unknown status or deny reason, and a live status missing a field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonValue), (type) => {
        const known = ['join', 'answer', 'offer', 'ice', 'admit', 'deny', 'end', 'leave', 'status'];
        fc.pre(!known.includes(type as string));
        expect(read(toJsonText(body({ type, sdp: 'v=0', reason: 'denied' })))).toBeNull();
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonValue), (value) => {
        fc.pre(!['live', 'ended', 'denied', 'timeout', 'full', 'removed'].includes(value as string));
        expect(read(toJsonText(body({ ...live, state: value })))).toBeNull();
        expect(read(toJsonText(body({ type: 'deny', reason: value })))).toBeNull();
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.constantFrom('sharerName', 'iceServers', 'iceTransportPolicy'),
        fc.array(iceServer, { maxLength: 2 }),
        (field, iceServers) => {
          const status: Record<string, unknown> = { ...live, iceServers };
          delete status[field];
          expect(read(JSON.stringify(body(status)))).toBeNull();
        },
      ),
      RUNS,
    );
  });
});
