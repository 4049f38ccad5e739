import { CLOSE_PROTOCOL_ERROR, CLOSE_TOO_BIG } from './close-codes.ts';
import { CONNECT, DISCONNECT } from './mqtt-fixed-header.ts';
import { createPacketFollower } from './packet-follower.ts';

export interface Refusal {
  /** The WebSocket close code. */
  code: number;
  reason: string;
}

/**
 * Follows the MQTT packets in a connection's bytes by their fixed headers alone, so a packet too
 * big to be one of Lookover's is refused from its first bytes: aedes's parser would buffer up to
 * 256 MiB of it. The first packet is a CONNECT and small; later ones hold at most an envelope.
 */
export function createPacketGuard(limits: { maxConnectBytes: number; maxPacketBytes: number }) {
  let packets = 0;
  let saidGoodbye = false;
  let refused: Refusal | null = null;

  const check = (type: number, remainingLength: number): Refusal | null => {
    if (packets === 0 && type !== CONNECT)
      return { code: CLOSE_PROTOCOL_ERROR, reason: 'the first packet must be CONNECT' };
    if (packets > 0 && type === CONNECT) return { code: CLOSE_PROTOCOL_ERROR, reason: 'a second CONNECT' };
    const limit = packets === 0 ? limits.maxConnectBytes : limits.maxPacketBytes;
    if (remainingLength > limit)
      return { code: CLOSE_TOO_BIG, reason: `packet too large (${remainingLength} bytes, at most ${limit})` };
    return null;
  };
  const follow = createPacketFollower((read) => {
    if (read === 'malformed') {
      refused = { code: CLOSE_PROTOCOL_ERROR, reason: 'malformed packet length' };
      return false;
    }
    refused = check(read.type, read.remainingLength);
    packets++;
    if (read.type === DISCONNECT) saidGoodbye = true;
    return refused === null;
  });

  return {
    /** Follows `chunk`; a refusal once the connection breaks a limit, and from then on. */
    feed(chunk: Uint8Array): Refusal | null {
      if (!refused) follow(chunk);
      return refused;
    },
    /** The client sent DISCONNECT: it left on purpose, not by losing its connection. */
    get saidGoodbye() {
      return saidGoodbye;
    },
  };
}

export type PacketGuard = ReturnType<typeof createPacketGuard>;
