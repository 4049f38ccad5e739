import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { startServer, type LookoverServer } from '../../server/server.ts';
import { randomId } from '../util/bytes.ts';
import { connectMqtt } from './mqtt.ts';
import { sharerTopic } from './topics.ts';
import type { Transport } from './transport.ts';

/**
 * The extension and the helper page run mqtt.js's browser build, the one that waits for a timer
 * to send: that is the build whose internals the patch must find, so it is the one tested here.
 * It takes Node for a web worker given a worker's `self` (in a window it would keep time in a
 * Worker, which Node lacks), and reads the language off a navigator.
 */
const browserBuild = vi.hoisted(() => {
  vi.stubGlobal('self', { constructor: { name: 'DedicatedWorkerGlobalScope' } });
  vi.stubGlobal('navigator', { userAgent: 'Chrome', language: 'en' });
  return 'mqtt/dist/mqtt.esm';
});
vi.mock('mqtt', () => import(/* @vite-ignore */ browserBuild));

/** A browser WebSocket (ws implements the same interface) that records each message it sends. */
class RecordingWebSocket extends NodeWebSocket {
  static opened: RecordingWebSocket[] = [];
  readonly sent: Buffer[] = [];
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    RecordingWebSocket.opened.push(this);
  }
  override send(data: Parameters<NodeWebSocket['send']>[0]) {
    this.sent.push(Buffer.from(data as Uint8Array));
    super.send(data);
  }
}

let server: LookoverServer;
beforeAll(async () => {
  vi.stubGlobal('WebSocket', RecordingWebSocket);
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  vi.unstubAllGlobals();
});

/** Runs what is queued as microtasks, but no timer and no I/O: what happens here is "this task". */
const sameTask = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** How long an MQTT packet says it is: its fixed header, then the remaining length it encodes. */
function packetLength(bytes: Buffer) {
  let length = 0;
  let i = 1;
  for (let shift = 0; ; shift += 7, i++) {
    const byte = bytes[i]!;
    length += (byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  return i + 1 + length;
}

/** Publishes once and checks what `socket` sent before this task ended: the packet, whole, alone. */
async function expectSentAtOnce(transport: Transport, socket: RecordingWebSocket) {
  const before = socket.sent.length;
  transport.publish(sharerTopic(randomId()), new TextEncoder().encode('x'.repeat(100)));
  await sameTask();
  const sent = socket.sent.slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]![0]).toBe(0x32); // PUBLISH, QoS 1
  expect(sent[0]!.length).toBe(packetLength(sent[0]!));
}

describe('connectMqtt over the browser build of mqtt.js', () => {
  it('sends a publish whole, as one message, in the task that published it', async () => {
    RecordingWebSocket.opened = [];
    const transport = await connectMqtt(server.brokerUrl);
    await expectSentAtOnce(transport, RecordingWebSocket.opened[0]!);
    transport.close();
  });

  it('still does on the connection mqtt.js builds after a drop', { timeout: 10_000 }, async () => {
    RecordingWebSocket.opened = [];
    let onlines = 0;
    const transport = await connectMqtt(server.brokerUrl, { onOnline: (online) => online && onlines++ });
    RecordingWebSocket.opened[0]!.terminate();
    await vi.waitFor(() => expect(onlines).toBe(2), { timeout: 8000 });
    await expectSentAtOnce(transport, RecordingWebSocket.opened[1]!);
    transport.close();
  });

  // The reason for the patch: should this start failing, mqtt.js sends at once by itself and the
  // patch can go.
  it('without the patch, mqtt.js waits for a timer to send', async () => {
    const { default: mqtt } = await import('mqtt');
    RecordingWebSocket.opened = [];
    const client = await mqtt.connectAsync(server.brokerUrl, { protocolVersion: 4 });
    const socket = RecordingWebSocket.opened[0]!;
    const before = socket.sent.length;
    client.publish(sharerTopic(randomId()), 'x'.repeat(100), { qos: 1 });
    await sameTask();
    expect(socket.sent.length).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await sameTask();
    expect(socket.sent.length).toBe(before + 1);
    await client.endAsync();
  });
});
