import { connect as tcpConnect, type Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import {
  connectPacket,
  DISCONNECT_PACKET,
  mqttPacket as encodePacket,
  mqttString,
  remainingLength,
} from '../../src/core/signaling/mqtt-probe.ts';

/** MQTT 3.1.1 packets byte by byte, to say to the broker what mqtt.js never would. */
const utf8 = mqttString;
const packet = (typeAndFlags: number, body: number[]) => Buffer.from(encodePacket(typeAndFlags, body));

export const mqttPacket = {
  connect: ({ clientId = `raw-${Math.random().toString(36).slice(2)}`, clean = true, keepalive = 60 } = {}) =>
    Buffer.from(connectPacket({ clientId, clean, keepalive })),
  /** QoS 0; `retain` sets the retain flag. */
  publish: (topic: string, payload: Buffer | string, retain = false) =>
    packet(0x30 | (retain ? 1 : 0), [...utf8(topic), ...Buffer.from(payload)]),
  subscribe: (topic: string, id = 1) => packet(0x82, [id >> 8, id & 0xff, ...utf8(topic), 1]),
  disconnect: () => Buffer.from(DISCONNECT_PACKET),
  /** Only a fixed header declaring `length` bytes: the body is for the caller to send, or not. */
  header: (typeAndFlags: number, length: number) => Buffer.from([typeAndFlags, ...remainingLength(length)]),
};

export interface RawClient {
  ws: WebSocket;
  /** Packet types (high nibble) the broker sent. */
  received: number[];
  /** The close code and reason, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
}

/** A WebSocket to the broker, or the HTTP status (and body) it was refused with. */
export function openRaw(
  url: string,
  options: ClientOptions = {},
): Promise<RawClient | { status: number; body: string }> {
  const ws = new WebSocket(url, 'mqtt', options);
  const received: number[] = [];
  ws.on('message', (data: Buffer) => received.push(data[0]! >> 4));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, received, closed, isOpen: () => ws.readyState === ws.OPEN }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

/** `openRaw` for a test that expects the socket to open. */
export async function openRawClient(url: string, options: ClientOptions = {}): Promise<RawClient> {
  const opened = await openRaw(url, options);
  if ('status' in opened) throw new Error(`refused: ${opened.status} ${opened.body}`);
  return opened;
}

/** A raw TCP socket that may send nothing at all. */
export function openTcp(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) }, () =>
      resolve(socket),
    );
    socket.once('error', reject);
  });
}

/** Resolves with `promise`'s value, or with `fallback` after `ms`. */
export const within = <T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> =>
  Promise.race([promise, new Promise<F>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
