import { describe, expect, it } from 'vitest';
import { randomBytes } from '../util/bytes.ts';
import { importSessionKey, seal } from '../crypto/session-key.ts';
import { deflate } from '../util/deflate.ts';
import { MAX_ENVELOPE_BYTES, openEnvelope, sealEnvelope } from './envelope.ts';
import type { SealedBody } from './signal.ts';

const key = await importSessionKey(randomBytes(32));
const otherKey = await importSessionKey(randomBytes(32));
const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
const body: SealedBody = {
  from: 'helper-1234',
  seq: 3,
  ts: 1_700_000_000_000,
  msg: { type: 'join', name: 'Ana', key: 'A'.repeat(43), returning: false, sdp: 'v=0' },
};

/** A copy of `wire` with the byte at `at` changed (0: version, 1: which key, 2-13: IV, then ciphertext and tag). */
const flip = (wire: Uint8Array, at: number, to?: number) => {
  const copy = wire.slice();
  copy[at] = to ?? (copy[at] ?? 0) ^ 1;
  return copy;
};

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
    new TextEncoder().encode(`lookover/3|${topic}|0300`),
  );
  return new Uint8Array([3, 0, ...iv, ...ciphertext]);
};
/** The same bytes with a header that says a pair's key sealed them. */
const relabel = (wire: Uint8Array) =>
  new Uint8Array([3, 1, 8, ...new TextEncoder().encode('helper-1'), ...wire.slice(2)]);
const offer: SealedBody = {
  ...body,
  msg: { type: 'offer', sdp: `v=0\r\n${'a=rtpmap:96 VP8/90000\r\n'.repeat(200)}` },
};
// A deflated body that inflates to 10 MB of spaces: a bomb.
const bomb = deflate(new TextEncoder().encode(' '.repeat(10_000_000)));

describe('signaling envelope', () => {
  it('seals and opens', async () => {
    const wire = await sealEnvelope(key, topic, body);
    const asText = new TextDecoder('latin1').decode(wire);
    expect(asText).not.toContain('Ana');
    expect(asText).not.toContain('join');
    expect(wire[0]).toBe(3);
    expect(wire.length).toBe(2 + 12 + 1 + JSON.stringify(body).length + 16);
    expect(await openEnvelope(key, topic, wire)).toEqual({
      ok: true,
      value: { body, sealed: { with: 'link' } },
    });
  });

  it('deflates what is worth it (an SDP offer) and opens it again', async () => {
    const wire = await sealEnvelope(key, topic, offer);
    expect(wire.length).toBeLessThan(JSON.stringify(offer).length / 2);
    expect(await openEnvelope(key, topic, wire)).toEqual({
      ok: true,
      value: { body: offer, sealed: { with: 'link' } },
    });
  });

  it('seals for a pair: the header names it, and only that pair key opens it', async () => {
    const pairKey = await importSessionKey(randomBytes(32));
    const sealed = { with: 'pair', pair: 'helper-12345' } as const;
    const paired = await sealEnvelope(pairKey, topic, body, sealed);
    expect(
      await openEnvelope(
        (s) => (s.with === 'pair' && s.pair === 'helper-12345' ? pairKey : null),
        topic,
        paired,
      ),
    ).toEqual({
      ok: true,
      value: { body, sealed },
    });
    expect(await openEnvelope(key, topic, paired)).toEqual({ ok: false, error: 'unknown-pair' });
    expect(await openEnvelope(() => otherKey, topic, paired)).toEqual({ ok: false, error: 'decrypt-failed' });
    // Named for another pair, the same bytes no longer open: the header is authenticated.
    const renamed = new Uint8Array([
      ...paired.slice(0, 3),
      ...new TextEncoder().encode('helper-12346'),
      ...paired.slice(15),
    ]);
    expect(await openEnvelope(() => pairKey, topic, renamed)).toEqual({ ok: false, error: 'decrypt-failed' });
  });

  it('uses a fresh IV every time', async () => {
    expect(await sealEnvelope(key, topic, body)).not.toEqual(await sealEnvelope(key, topic, body));
  });

  it.each<[string, () => Promise<{ key?: CryptoKey; topic?: string; payload: string | Uint8Array }>, string]>(
    [
      ['wrong key', async () => ({ key: otherKey, payload: wire }), 'decrypt-failed'],
      ['another topic', async () => ({ topic: `${topic}x`, payload: wire }), 'decrypt-failed'],
      ['tampered ciphertext', async () => ({ payload: flip(wire, 20) }), 'decrypt-failed'],
      ['tampered tag', async () => ({ payload: flip(wire, wire.length - 1) }), 'decrypt-failed'],
      ['tampered iv', async () => ({ payload: flip(wire, 5) }), 'decrypt-failed'],
      ['another version', async () => ({ payload: flip(wire, 0, 4) }), 'bad-version'],
      ['version 2 (one key only)', async () => ({ payload: flip(wire, 0, 2) }), 'bad-version'],
      ['an unknown kind of key', async () => ({ payload: flip(wire, 1, 9) }), 'bad-shape'],
      ['relabelled as sealed for a pair', async () => ({ payload: relabel(wire) }), 'unknown-pair'],
      [
        'version 1 (JSON)',
        async () => ({ payload: JSON.stringify({ v: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA' }) }),
        'bad-version',
      ],
      ['text', async () => ({ payload: 'hello' }), 'bad-version'],
      ['nothing', async () => ({ payload: new Uint8Array(0) }), 'bad-version'],
      ['too short for an IV and a tag', async () => ({ payload: wire.slice(0, 29) }), 'bad-shape'],
      ['oversize', async () => ({ payload: new Uint8Array(MAX_ENVELOPE_BYTES + 1).fill(3) }), 'oversize'],
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
          payload: await sealedGarbage({ ...body, msg: { ...body.msg, name: 'x'.repeat(65) } }),
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
