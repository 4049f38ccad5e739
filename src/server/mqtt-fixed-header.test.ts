import { describe, expect, it } from 'vitest';
import { readFixedHeader } from './mqtt-fixed-header.ts';

describe('MQTT fixed header', () => {
  it.each([
    ['PINGREQ, no body', [0xc0, 0x00], { type: 12, remainingLength: 0, headerLength: 2 }],
    ['one length byte at most', [0x30, 0x7f], { type: 3, remainingLength: 127, headerLength: 2 }],
    ['two length bytes at least', [0x30, 0x80, 0x01], { type: 3, remainingLength: 128, headerLength: 3 }],
    ['two length bytes at most', [0x10, 0xff, 0x7f], { type: 1, remainingLength: 16_383, headerLength: 3 }],
    ['three length bytes', [0x10, 0x80, 0x80, 0x01], { type: 1, remainingLength: 16_384, headerLength: 4 }],
    ['200 MiB', [0x30, 0x80, 0x80, 0x80, 0x64], { type: 3, remainingLength: 200 * 2 ** 20, headerLength: 5 }],
    [
      'MQTT at most',
      [0x30, 0xff, 0xff, 0xff, 0x7f],
      { type: 3, remainingLength: 268_435_455, headerLength: 5 },
    ],
    ['followed by the body', [0x82, 0x02, 0x00, 0x01], { type: 8, remainingLength: 2, headerLength: 2 }],
  ])('reads %s', (_name, bytes, header) => {
    expect(readFixedHeader(Uint8Array.from(bytes))).toEqual(header);
  });

  it.each([
    ['nothing', [], 'incomplete'],
    ['the type byte alone', [0x30], 'incomplete'],
    ['a length still going on', [0x30, 0x80], 'incomplete'],
    ['a length going on after three bytes', [0x30, 0x80, 0x80, 0x80], 'incomplete'],
    ['a fifth length byte', [0x30, 0x80, 0x80, 0x80, 0x80], 'malformed'],
    ['a fifth length byte that ends it', [0x30, 0xff, 0xff, 0xff, 0xff, 0x01], 'malformed'],
  ])('says %s is %s', (_name, bytes, verdict) => {
    expect(readFixedHeader(Uint8Array.from(bytes))).toBe(verdict);
  });
});
