import { describe, expect, it } from 'vitest';
import { fromBase64Url, randomBytes, toBase64Url } from '../bytes.ts';
import { importSessionKey, seal } from '../crypto.ts';
import { deflate } from '../deflate.ts';
import { MAX_ENVELOPE_BYTES, openEnvelope, sealEnvelope } from './envelope.ts';
import type { SealedBody } from './signal.ts';

const key = await importSessionKey(randomBytes(32));
const otherKey = await importSessionKey(randomBytes(32));
const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
const body: SealedBody = {
  from: 'helper-1234',
  seq: 3,
  ts: 1_700_000_000_000,
  msg: { type: 'join', name: 'Ana', resume: 'resume-token-123456', sdp: 'v=0' },
};

const tamper = (wire: string) => {
  const outer = JSON.parse(wire) as { v: number; iv: string; ct: string };
  const ct = fromBase64Url(outer.ct)!;
  ct[0] = (ct[0] ?? 0) ^ 1;
  return JSON.stringify({ ...outer, ct: toBase64Url(ct) });
};
const withOuter = (wire: string, patch: object) => JSON.stringify({ ...JSON.parse(wire), ...patch });

const wire = await sealEnvelope(key, topic, body);
/** A validly sealed body of our choosing: format byte (0 raw, 1 deflated) then the bytes. */
const sealedGarbage = async (plain: unknown, format = 0) => {
  const bytes =
    plain instanceof Uint8Array
      ? plain
      : new TextEncoder().encode(typeof plain === 'string' ? plain : JSON.stringify(plain));
  const { iv, ciphertext } = await seal(
    key,
    new Uint8Array([format, ...bytes]),
    new TextEncoder().encode(`lookover/1|${topic}`),
  );
  return JSON.stringify({ v: 1, iv: toBase64Url(iv), ct: toBase64Url(ciphertext) });
};
const offer: SealedBody = {
  ...body,
  msg: { type: 'offer', sdp: `v=0\r\n${'a=rtpmap:96 VP8/90000\r\n'.repeat(200)}` },
};
// A deflated body that inflates to 10 MB of spaces: a bomb.
const bomb = deflate(new TextEncoder().encode(' '.repeat(10_000_000)));

describe('signaling envelope', () => {
  it('seals and opens', async () => {
    const wire = await sealEnvelope(key, topic, body);
    expect(wire).not.toContain('Ana');
    expect(wire).not.toContain('join');
    expect(await openEnvelope(key, topic, wire)).toEqual({ ok: true, value: body });
    expect(await openEnvelope(key, topic, new TextEncoder().encode(wire))).toEqual({ ok: true, value: body });
  });

  it('deflates what is worth it (an SDP offer) and opens it again', async () => {
    const wire = await sealEnvelope(key, topic, offer);
    expect(wire.length).toBeLessThan(JSON.stringify(offer).length / 2);
    expect(await openEnvelope(key, topic, wire)).toEqual({ ok: true, value: offer });
  });

  it('uses a fresh IV every time', async () => {
    expect(await sealEnvelope(key, topic, body)).not.toBe(await sealEnvelope(key, topic, body));
  });

  it.each<[string, () => Promise<{ key?: CryptoKey; topic?: string; payload: string | Uint8Array }>, string]>(
    [
      ['wrong key', async () => ({ key: otherKey, payload: wire }), 'decrypt-failed'],
      ['another topic', async () => ({ topic: `${topic}x`, payload: wire }), 'decrypt-failed'],
      ['tampered ciphertext', async () => ({ payload: tamper(wire) }), 'decrypt-failed'],
      [
        'tampered iv',
        async () => ({ payload: withOuter(wire, { iv: toBase64Url(randomBytes(12)) }) }),
        'decrypt-failed',
      ],
      ['short iv', async () => ({ payload: withOuter(wire, { iv: 'AAAA' }) }), 'decrypt-failed'],
      ['wrong version', async () => ({ payload: withOuter(wire, { v: 2 }) }), 'bad-version'],
      ['missing ciphertext', async () => ({ payload: JSON.stringify({ v: 1, iv: 'AAAA' }) }), 'bad-shape'],
      ['non-base64 ciphertext', async () => ({ payload: withOuter(wire, { ct: '***' }) }), 'bad-shape'],
      ['not JSON', async () => ({ payload: 'hello' }), 'not-json'],
      ['JSON null', async () => ({ payload: 'null' }), 'bad-shape'],
      ['invalid UTF-8', async () => ({ payload: new Uint8Array([0xff, 0xfe, 0xfd]) }), 'not-json'],
      ['oversize', async () => ({ payload: 'x'.repeat(MAX_ENVELOPE_BYTES + 1) }), 'oversize'],
      ['sealed non-JSON', async () => ({ payload: await sealedGarbage('not json') }), 'bad-body'],
      [
        'sealed unknown type',
        async () => ({ payload: await sealedGarbage({ ...body, msg: { type: 'hack' } }) }),
        'bad-body',
      ],
      [
        'sealed bad sender',
        async () => ({ payload: await sealedGarbage({ ...body, from: '<b>' }) }),
        'bad-body',
      ],
      ['an unknown body format', async () => ({ payload: await sealedGarbage(body, 7) }), 'bad-body'],
      [
        'a body marked deflated that is not',
        async () => ({ payload: await sealedGarbage(body, 1) }),
        'bad-body',
      ],
      ['a deflate bomb', async () => ({ payload: await sealedGarbage(bomb, 1) }), 'bad-body'],
      [
        'sealed huge name',
        async () => ({
          payload: await sealedGarbage({ ...body, msg: { type: 'join', name: 'x'.repeat(65) } }),
        }),
        'bad-body',
      ],
    ],
  )('rejects %s', async (_name, make, error) => {
    const input = await make();
    expect(await openEnvelope(input.key ?? key, input.topic ?? topic, input.payload)).toEqual({
      ok: false,
      error,
    });
  });
});
