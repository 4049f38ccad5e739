import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_ENVELOPE_BYTES } from '../../src/core/protocol/envelope.ts';
import { helperTopic, sharerTopic } from '../../src/core/signaling/topics.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import { ALLOWED_ORIGIN, startNatsCluster, type NatsCluster } from '../support/nats-cluster.ts';
import { WHOLE_SESSION, wholeSession } from '../support/whole-session.ts';

let cluster: NatsCluster;
beforeAll(async () => {
  cluster = await startNatsCluster();
}, 60_000);
afterAll(() => cluster?.stop());

/** How the WebSocket upgrade ends when a browser at `origin` opens it. */
const upgrade = (url: string, origin: string) =>
  new Promise<string>((resolve) => {
    const socket = new WebSocket(url, 'mqtt', { origin });
    socket.on('open', () => (socket.close(), resolve('open')));
    socket.on('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
    socket.on('error', (error) => resolve(error.message));
  });

const client = (url: string) => mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });

// NATS's own MQTT (3.1.1, over WebSocket), three nodes: the sharer on one, the helper on another.
describe('signaling through a NATS cluster', () => {
  it('completes status, join with offer, answer, ICE and admit across nodes; a late open hears "ended"', async () => {
    const [first, second] = cluster.urls as [string, string];
    const { heard, late } = await wholeSession(first, second);
    expect(heard).toEqual(expect.arrayContaining(WHOLE_SESSION));
    // The retained status record, kept in JetStream, reaches a subscriber on another node.
    expect(late).toEqual(['ended']);
  }, 60_000);

  it('lets in a browser only from an allowed origin', async () => {
    const url = cluster.urls[0]!;
    expect(await upgrade(url, 'https://elsewhere.example')).toBe('HTTP 403');
    expect(await upgrade(url, ALLOWED_ORIGIN)).toBe('open');
  });

  // What README's table of broker rules says NATS, as configured here, leaves to the clients.
  it('does not confine: wildcards, other sessions, any size, anything retained', async () => {
    const [first, second] = cluster.urls as [string, string];
    const watcher = await client(second);
    const heard: string[] = [];
    watcher.on('message', (topic) => heard.push(topic));
    expect(await watcher.subscribeAsync('#', { qos: 1 })).toEqual([{ topic: '#', qos: 1 }]);
    const other = await client(first);
    const session = randomId();
    await other.publishAsync(sharerTopic(session), Buffer.alloc(MAX_ENVELOPE_BYTES * 2), { qos: 1 });
    await other.publishAsync(helperTopic(session, randomId()), 'kept', { qos: 1, retain: true });
    await expect.poll(() => heard, { timeout: 10_000 }).toContain(sharerTopic(session));
    // NATS's own JetStream and MQTT-session subjects reach a `#` subscriber as well.
    expect(heard.some((topic) => topic.startsWith('$MQTT/') || topic.startsWith('$JS/'))).toBe(true);

    const late = await client(second);
    const retained: string[] = [];
    late.on('message', (topic, payload) => retained.push(`${topic} ${payload}`));
    // Retained messages reach another node through a replicated stream: a subscription made before
    // it arrived gets nothing, so subscribe afresh until it does.
    const filter = `lookover/v1/${session}/helper/+`;
    await expect
      .poll(
        async () => {
          if (retained.length === 0) {
            await late.unsubscribeAsync(filter);
            await late.subscribeAsync(filter, { qos: 1 });
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
          return retained;
        },
        { timeout: 15_000 },
      )
      .toEqual([expect.stringMatching(/ kept$/)]);
    await Promise.all([watcher.endAsync(), other.endAsync(), late.endAsync()]);
  }, 40_000);
});
