import { describe, expect, it } from 'vitest';
import { createPacketFollower } from './packet-follower.ts';

const PUBLISH_5 = [0x30, 5, 1, 2, 3, 4, 5];
const PINGREQ = [0xc0, 0];
const LONG = [0x30, 0x80, 0x01, ...new Array<number>(128).fill(7)];

describe('packet follower', () => {
  it.each<[string, number[][], string[]]>([
    ['packets in one chunk', [[...PUBLISH_5, ...PINGREQ]], ['3:5', '12:0']],
    ['a packet split inside its header', [LONG.slice(0, 2), LONG.slice(2), PINGREQ], ['3:128', '12:0']],
    [
      'a body over many chunks',
      [PUBLISH_5.slice(0, 3), PUBLISH_5.slice(3, 5), [...PUBLISH_5.slice(5), ...PINGREQ]],
      ['3:5', '12:0'],
    ],
    ['a malformed length, then nothing', [[0x30, 0xff, 0xff, 0xff, 0xff, 0x01], PINGREQ], ['malformed']],
  ])('%s', (_name, chunks, seen) => {
    const headers: string[] = [];
    const follow = createPacketFollower((header) => {
      headers.push(header === 'malformed' ? header : `${header.type}:${header.remainingLength}`);
      return true;
    });
    for (const chunk of chunks) follow(Uint8Array.from(chunk));
    expect(headers).toEqual(seen);
  });

  it('stops for good once told to', () => {
    const headers: number[] = [];
    const follow = createPacketFollower((header) => {
      if (header !== 'malformed') headers.push(header.type);
      return false;
    });
    follow(Uint8Array.from([...PINGREQ, ...PUBLISH_5]));
    follow(Uint8Array.from(PINGREQ));
    expect(headers).toEqual([12]);
  });
});
