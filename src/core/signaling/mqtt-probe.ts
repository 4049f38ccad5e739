import { utf8 } from '../util/bytes.ts';

/**
 * The two MQTT 3.1.1 packets a connection test needs, byte by byte (MQTT 3.1.1, 3.1 and 3.2): a
 * CONNECT, and reading what comes back as a CONNACK or not. mqtt.js would hide what happened: it
 * reports neither whether the WebSocket opened nor what the first bytes back were.
 */

/** The remaining-length field: 7 bits a byte, least significant first. */
export const remainingLength = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};

/** An MQTT string: its UTF-8 length in two bytes, then the bytes. */
export const mqttString = (text: string) => {
  const bytes = utf8(text);
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
};

/** A whole packet: the type and flags byte, the remaining length, the body. */
export const mqttPacket = (typeAndFlags: number, body: number[]) =>
  Uint8Array.from([typeAndFlags, ...remainingLength(body.length), ...body]);

/** CONNECT, protocol level 4 (3.1.1), no will, no credentials. */
export const connectPacket = ({
  clientId,
  clean = true,
  keepalive = 30,
}: {
  clientId: string;
  clean?: boolean;
  keepalive?: number;
}) =>
  mqttPacket(0x10, [
    ...mqttString('MQTT'),
    4,
    clean ? 0x02 : 0x00,
    keepalive >> 8,
    keepalive & 0xff,
    ...mqttString(clientId),
  ]);

export const DISCONNECT_PACKET = Uint8Array.from([0xe0, 0x00]);

/** What the first bytes a server sent after a CONNECT say. */
export type ConnackReading =
  { kind: 'connack'; returnCode: number } | { kind: 'not-mqtt' } | { kind: 'incomplete' };

/** A 3.1.1 CONNACK is exactly `20 02 <flags> <return code>`; anything else first is not an MQTT broker's answer. */
export function readConnack(bytes: Uint8Array): ConnackReading {
  const expected = [0x20, 0x02];
  for (let i = 0; i < expected.length; i++) {
    if (i >= bytes.length) return { kind: 'incomplete' };
    if (bytes[i] !== expected[i]) return { kind: 'not-mqtt' };
  }
  if (bytes.length < 4) return { kind: 'incomplete' };
  if ((bytes[2]! & 0xfe) !== 0) return { kind: 'not-mqtt' };
  return { kind: 'connack', returnCode: bytes[3]! };
}
