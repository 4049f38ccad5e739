import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type LookoverServer } from '../../src/server/server.ts';

let server: LookoverServer;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const utf8 = (s: string) => [s.length >> 8, s.length & 0xff, ...Buffer.from(s)];
const packet = (type: number, body: number[]) => Buffer.from([type, body.length, ...body]);

// A packet split over many frames costs a browser one task per frame
// (docs/decisions/0011-mqtt-packets-leave-whole.md).
it('sends each MQTT packet to a WebSocket client as one frame', async () => {
  const ws = new WebSocket(server.brokerUrl, 'mqtt');
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(data));
  await new Promise((resolve) => ws.once('open', resolve));
  const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
  ws.send(packet(0x10, [...utf8('MQTT'), 4, 2, 0, 60, ...utf8('frames-test')])); // CONNECT
  ws.send(packet(0x82, [0, 1, ...utf8(topic), 0])); // SUBSCRIBE, QoS 0
  const payload = [...Buffer.from('x'.repeat(60))];
  ws.send(packet(0x30, [...utf8(topic), ...payload])); // PUBLISH, QoS 0
  await expect.poll(() => frames.length).toBeGreaterThanOrEqual(3);
  ws.close();
  expect(frames.map((f) => f[0])).toEqual([0x20, 0x90, 0x30]); // CONNACK, SUBACK, PUBLISH
  expect(frames[2]!.length).toBe(2 + 2 + topic.length + payload.length);
});
