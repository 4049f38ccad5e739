import { describe, expect, it } from 'vitest';
import { connectPacket, mqttPacket, readConnack } from './mqtt-probe.ts';

describe('the connection test MQTT packets', () => {
  it('CONNECT is MQTT 3.1.1 with a clean session, the keepalive and the client id', () => {
    expect([...connectPacket({ clientId: 'ab', keepalive: 30 })]).toEqual([
      0x10, 14, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 30, 0, 2, 0x61, 0x62,
    ]);
  });

  it.each([
    [0, [0]],
    [127, [127]],
    [128, [0x80, 0x01]],
    [16_383, [0xff, 0x7f]],
    [16_384, [0x80, 0x80, 0x01]],
  ])('a body of %i bytes has remaining length %j', (length, bytes) => {
    expect([...mqttPacket(0x30, new Array<number>(length).fill(0)).slice(1, 1 + bytes.length)]).toEqual(
      bytes,
    );
  });

  it.each([
    ['accepted', [0x20, 0x02, 0x00, 0x00], { kind: 'connack', returnCode: 0 }],
    ['accepted, session present', [0x20, 0x02, 0x01, 0x00], { kind: 'connack', returnCode: 0 }],
    ['not authorised', [0x20, 0x02, 0x00, 0x05], { kind: 'connack', returnCode: 5 }],
    ['nothing yet', [], { kind: 'incomplete' }],
    ['half of one', [0x20, 0x02], { kind: 'incomplete' }],
    ['an HTTP answer', [...new TextEncoder().encode('HTTP/1.1 200 OK')], { kind: 'not-mqtt' }],
    ['another packet type', [0x30, 0x02, 0x00, 0x00], { kind: 'not-mqtt' }],
    ['a CONNACK of the wrong length', [0x20, 0x03, 0x00, 0x00, 0x00], { kind: 'not-mqtt' }],
    ['reserved flags set', [0x20, 0x02, 0x02, 0x00], { kind: 'not-mqtt' }],
  ])('%s', (_name, bytes, reading) => {
    expect(readConnack(Uint8Array.from(bytes))).toEqual(reading);
  });
});
