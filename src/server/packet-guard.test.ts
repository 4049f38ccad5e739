import { describe, expect, it } from 'vitest';
import { mqttPacket } from '../../test/support/raw-mqtt.ts';
import { createPacketGuard } from './packet-guard.ts';

const LIMITS = { maxConnectBytes: 100, maxPacketBytes: 1000 };
/** A packet of `type` with `length` body bytes (zeros: the guard reads only fixed headers). */
const packet = (type: number, length: number) => [
  ...mqttPacket.header((type << 4) | (type === 8 ? 2 : 0), length),
  ...Array<number>(length).fill(0),
];
const connect = (length = 20) => packet(1, length);

/** Feeds `bytes` in pieces of `size`; the refusal's reason, or null. */
function feed(bytes: number[], size: number) {
  const guard = createPacketGuard(LIMITS);
  for (let i = 0; i < bytes.length; i += size) {
    const refusal = guard.feed(Uint8Array.from(bytes.slice(i, i + size)));
    if (refusal) return { refusal: refusal.reason, code: refusal.code, saidGoodbye: guard.saidGoodbye };
  }
  return { refusal: null, code: null, saidGoodbye: guard.saidGoodbye };
}

describe('packet guard', () => {
  const sizes = [1, 2, 3, 7, 64, 100_000];
  it.each(sizes)('lets a normal session through, fed %i bytes at a time', (size) => {
    const session = [...connect(), ...packet(8, 40), ...packet(3, 1000), ...packet(12, 0), ...packet(14, 0)];
    expect(feed(session, size)).toEqual({ refusal: null, code: null, saidGoodbye: true });
  });

  it.each([
    ['a CONNECT over its limit', [...connect(101)], 'packet too large (101 bytes, at most 100)', 1009],
    [
      'a PUBLISH over the packet limit',
      [...connect(), ...packet(3, 1001)],
      'packet too large (1001 bytes, at most 1000)',
      1009,
    ],
    [
      'a declared 200 MiB PUBLISH, from its header alone',
      [...connect(), ...mqttPacket.header(0x30, 200 * 2 ** 20), 1, 2, 3],
      'packet too large (209715200 bytes, at most 1000)',
      1009,
    ],
    ['a first packet that is not CONNECT', [...packet(3, 10)], 'the first packet must be CONNECT', 1002],
    ['a second CONNECT', [...connect(), ...connect()], 'a second CONNECT', 1002],
    [
      'a length of five bytes',
      [...connect(), 0x30, 0x80, 0x80, 0x80, 0x80, 0x01],
      'malformed packet length',
      1002,
    ],
  ])('refuses %s', (_name, bytes, reason, code) => {
    for (const size of sizes) expect(feed(bytes, size)).toMatchObject({ refusal: reason, code });
  });

  it('refuses at the oversize header, before the body arrives', () => {
    const guard = createPacketGuard(LIMITS);
    expect(guard.feed(Uint8Array.from(connect()))).toBeNull();
    expect(guard.feed(mqttPacket.header(0x30, 5000))?.reason).toMatch(/too large/);
    expect(guard.feed(Uint8Array.from([0]))?.reason).toMatch(/too large/);
  });

  it('takes a packet at exactly the limit', () => {
    expect(feed([...connect(100), ...packet(3, 1000)], 1000).refusal).toBeNull();
  });

  it('knows a client that left without DISCONNECT', () => {
    expect(feed([...connect(), ...packet(12, 0)], 5).saidGoodbye).toBe(false);
  });
});
