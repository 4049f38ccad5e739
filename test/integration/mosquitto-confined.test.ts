import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_BYTES } from '../../src/core/protocol/envelope.ts';
import { helperTopic, sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import type { RunningBroker } from '../bench/brokers.ts';
import { startConfinedMosquitto } from '../support/confined-mosquitto.ts';
import { WHOLE_SESSION, wholeSession } from '../support/whole-session.ts';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startConfinedMosquitto();
});
afterAll(() => broker?.stop());

/** A raw client that says it is for `session`, as Lookover's clients do (or for none). */
async function clientFor(session: string | null) {
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    ...(session === null ? {} : { username: session }),
  });
  const heard: string[] = [];
  client.on('message', (topic, payload) => heard.push(`${topic} ${payload.length}`));
  return { client, heard };
}

// deploy/mosquitto/, as shipped: each client confined to the session its username names.
describe('Mosquitto with Lookover confinement', () => {
  it('completes status, join with offer, answer, ICE and admit; a late open hears "ended"', async () => {
    const { heard, late } = await wholeSession(broker.url);
    expect(heard).toEqual(expect.arrayContaining(WHOLE_SESSION));
    expect(late).toEqual(['ended']);
  });

  // Mosquitto 2.0.11 grants a refused subscription in its SUBACK (no 0x80) and then delivers nothing.
  it.each([
    ['#', 'everything'],
    ['lookover/#', 'every session'],
    ['lookover/v1/+/sharer', 'every sharer'],
    ['$SYS/#', "the broker's own"],
  ])('lets a subscription to %s (%s) hear nothing of another session', async (filter) => {
    const watcher = await clientFor(randomId());
    expect(await watcher.client.subscribeAsync(filter, { qos: 1 })).toEqual([{ topic: filter, qos: 1 }]);
    const session = randomId();
    const other = await clientFor(session);
    await other.client.publishAsync(statusTopic(session), 'live', { qos: 1, retain: true });
    await other.client.publishAsync(sharerTopic(session), 'join', { qos: 1 });
    const control = await clientFor(session);
    await control.client.subscribeAsync(statusTopic(session), { qos: 1 });
    await expect.poll(() => control.heard, { timeout: 10_000 }).toEqual([`${statusTopic(session)} 4`]);
    expect(watcher.heard).toEqual([]);
    await Promise.all([watcher, other, control].map(({ client }) => client.endAsync()));
  });

  it("keeps a client out of another session's topics, both ways", async () => {
    const session = randomId();
    const sharer = await clientFor(session);
    await sharer.client.subscribeAsync(sharerTopic(session), { qos: 1 });
    const stranger = await clientFor(randomId());
    await stranger.client.subscribeAsync(statusTopic(session), { qos: 1 });
    await stranger.client.publishAsync(sharerTopic(session), 'from a stranger', { qos: 1 });
    await sharer.client.publishAsync(statusTopic(session), 'live', { qos: 1 });
    const helper = await clientFor(session);
    await helper.client.subscribeAsync(statusTopic(session), { qos: 1 });
    await helper.client.publishAsync(sharerTopic(session), 'join', { qos: 1 });
    await expect.poll(() => sharer.heard, { timeout: 10_000 }).toEqual([`${sharerTopic(session)} 4`]);
    expect(stranger.heard).toEqual([]);
    await Promise.all([sharer, stranger, helper].map(({ client }) => client.endAsync()));
  });

  it('lets a client without a username reach nothing', async () => {
    const session = randomId();
    const sharer = await clientFor(session);
    await sharer.client.subscribeAsync(sharerTopic(session), { qos: 1 });
    const nobody = await clientFor(null);
    await nobody.client.subscribeAsync(sharerTopic(session), { qos: 1 });
    await nobody.client.publishAsync(sharerTopic(session), 'join', { qos: 1 });
    const helper = await clientFor(session);
    await helper.client.publishAsync(sharerTopic(session), 'join from the session', { qos: 1 });
    await expect.poll(() => sharer.heard, { timeout: 10_000 }).toEqual([`${sharerTopic(session)} 21`]);
    expect(nobody.heard).toEqual([]);
    await Promise.all([sharer, nobody, helper].map(({ client }) => client.endAsync()));
  });

  it('drops a payload bigger than an envelope, and passes an envelope', async () => {
    const session = randomId();
    const sharer = await clientFor(session);
    await sharer.client.subscribeAsync(sharerTopic(session), { qos: 1 });
    const helper = await clientFor(session);
    await helper.client.publishAsync(sharerTopic(session), Buffer.alloc(MAX_ENVELOPE_BYTES), { qos: 1 });
    // Acknowledged (MQTT 3.1.1 has no negative PUBACK), never forwarded.
    await helper.client.publishAsync(sharerTopic(session), Buffer.alloc(MAX_ENVELOPE_BYTES + 1), { qos: 1 });
    // Mosquitto 2.0.11 sends a packet this big over WebSocket only as the next one goes out.
    await helper.client.publishAsync(sharerTopic(session), 'after', { qos: 1 });
    await expect
      .poll(() => sharer.heard)
      .toEqual([`${sharerTopic(session)} ${MAX_ENVELOPE_BYTES}`, `${sharerTopic(session)} 5`]);
    await Promise.all([sharer.client.endAsync(), helper.client.endAsync()]);
  });

  // README's table: Mosquitto's ACLs cannot tell a retained publish from another.
  it('keeps a retained message outside the status topic (the clients ignore it)', async () => {
    const session = randomId();
    const helperId = randomId();
    const writer = await clientFor(session);
    await writer.client.publishAsync(helperTopic(session, helperId), 'retained', { qos: 1, retain: true });
    const reader = await clientFor(session);
    await reader.client.subscribeAsync(helperTopic(session, helperId), { qos: 1 });
    await expect
      .poll(() => reader.heard, { timeout: 10_000 })
      .toEqual([`${helperTopic(session, helperId)} 8`]);
    await Promise.all([writer.client.endAsync(), reader.client.endAsync()]);
  });
});
