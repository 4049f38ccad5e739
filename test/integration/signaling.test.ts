import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { randomId } from '../../src/core/util/bytes.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { openEnvelope } from '../../src/core/protocol/envelope.ts';
import { createSessionLink } from '../../src/core/protocol/link.ts';
import { startHelperSignaling } from '../../src/core/signaling/helper-signaling.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../../src/core/signaling/sharer-signaling.ts';
import type { LiveStatus } from '../../src/core/protocol/signal.ts';
import { helperTopic, sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { helperEvents, sharerEvents } from '../support/signaling-events.ts';

let server: LookoverServer;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const RESUME = 'resume-token-123456';
const OFFER_SDP = 'v=0 fake offer sdp for the integration test';
const ANSWER_SDP = 'v=0 fake answer sdp for the integration test';

/** A sharer and a helper that complete join (with its offer) -> answer -> ICE through the real broker. */
async function negotiate(link = createSessionLink(server.brokerUrl), helperId = randomId()) {
  const key = await importSessionKey(link.key);
  const sharerChannel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key,
    selfId: randomId(),
  });
  const helperChannel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key,
    selfId: helperId,
  });
  const candidate = {
    candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
  };

  const done = new Promise<{ joinedAs: string; offer: string; answer: string; candidate: unknown }>(
    (resolve) => {
      let joinedAs = '';
      let offer = '';
      let answer = '';
      const sharer = startSharerSignaling(
        sharerChannel,
        link.sessionId,
        sharerEvents({
          onJoin: (helperId, name, _resume, sdp) => {
            joinedAs = name;
            offer = sdp;
            void sharer.sendAnswer(helperId, ANSWER_SDP);
          },
          onCandidates: (_id, c) => answer && resolve({ joinedAs, offer, answer, candidate: c[0] }),
        }),
      );
      const helper = startHelperSignaling(
        helperChannel,
        link.sessionId,
        helperEvents({
          onAnswer: (sdp) => {
            answer = sdp;
            void helper.sendCandidates([candidate]);
          },
        }),
      );
      void helper.join('Ana', RESUME, OFFER_SDP);
    },
  );
  // The sharer subscribes asynchronously: join again until it answers, as the helper page does.
  const retry = setInterval(
    () =>
      void helperChannel.send(sharerTopic(link.sessionId), {
        type: 'join',
        name: 'Ana',
        resume: 'resume-token-123456',
        sdp: OFFER_SDP,
      }),
    200,
  );
  const result = await done.finally(() => clearInterval(retry));
  return {
    ...result,
    sentCandidate: candidate,
    link,
    close: () => (sharerChannel.close(), helperChannel.close()),
    sharerChannel,
  };
}

describe('signaling through the embedded broker', () => {
  it('completes a join (with its offer) and answer exchange', async () => {
    const run = await negotiate();
    expect(run.joinedAs).toBe('Ana');
    expect(run.offer).toBe(OFFER_SDP);
    expect(run.answer).toBe(ANSWER_SDP);
    expect(run.candidate).toEqual(run.sentCandidate);
    run.close();
  });

  it('a client without the key learns nothing and cannot disturb the session', async () => {
    const link = createSessionLink(server.brokerUrl);
    const helperId = randomId();
    // It listens where the join, the ICE candidates and the answer travel.
    const topics = [sharerTopic(link.sessionId), helperTopic(link.sessionId, helperId)] as const;
    const eavesdropper = await mqtt.connectAsync(server.brokerUrl);
    onTestFinished(() => eavesdropper.endAsync());
    const captured: { topic: string; payload: Buffer }[] = [];
    eavesdropper.on('message', (topic, payload) => captured.push({ topic, payload }));
    await eavesdropper.subscribeAsync([...topics]);

    // It floods the sharer's topic with garbage and with messages sealed under its own key.
    const garbage = ['not json at all', '{"v":1,"iv":"AAAAAAAAAAAAAAAA","ct":"AAAA"}'];
    const intruderKey = await importSessionKey(createSessionLink('ws://x/').key);
    const intruder = createSecureChannel({
      transport: await connectMqtt(server.brokerUrl),
      key: intruderKey,
      selfId: randomId(),
    });
    onTestFinished(() => intruder.close());
    const flood = setInterval(() => {
      for (const junk of garbage) void eavesdropper.publishAsync(topics[0], junk);
      void intruder.send(topics[0], {
        type: 'join',
        name: 'Mallory',
        resume: 'resume-token-123456',
        sdp: OFFER_SDP,
      });
    }, 20);
    onTestFinished(() => clearInterval(flood));

    const run = await negotiate(link, helperId);
    onTestFinished(run.close);
    // What it heard of the session itself (not its own echo, not the intruder), told apart by the key
    // it does not have: proof that it was in a place to learn something.
    const key = await importSessionKey(link.key);
    const heardOf = async (topic: string) => {
      const types = new Set<string>();
      for (const message of captured.filter((c) => c.topic === topic)) {
        const opened = await openEnvelope(key, topic, message.payload);
        if (opened.ok) types.add(opened.value.msg.type);
      }
      return types;
    };
    // No answer on the sharer's topic: there, helpers' messages only.
    await expect.poll(() => heardOf(topics[0])).toEqual(new Set(['join', 'ice']));
    await expect.poll(() => heardOf(topics[1])).toEqual(new Set(['answer']));
    expect(run.joinedAs).toBe('Ana');
    expect(run.answer).toBe(ANSWER_SDP);
    const everything = captured
      .map(({ payload }) => payload.toString())
      .filter((text) => !garbage.includes(text))
      .join('\n');
    for (const secret of ['Ana', 'Mallory', OFFER_SDP, ANSWER_SDP, 'candidate:', 'answer', 'join'])
      expect(everything).not.toContain(secret);
    await expect.poll(() => run.sharerChannel.dropped['decrypt-failed'] ?? 0).toBeGreaterThan(0);
    await expect.poll(() => run.sharerChannel.dropped['bad-version'] ?? 0).toBeGreaterThan(0);
  });

  it.each([
    ['a wildcard over every session', 'lookover/v1/#'],
    ['every topic', '#'],
    ['a topic outside Lookover', 'elsewhere/topic'],
  ])('refuses a subscription to %s', async (_name, topic) => {
    const client = await mqtt.connectAsync(server.brokerUrl);
    await expect(client.subscribeAsync(topic)).rejects.toThrow(/Subscribe error/);
    // Refused, not thrown out: the same connection can still join a session.
    await expect(client.subscribeAsync(sharerTopic(randomId()))).resolves.toHaveLength(1);
    await client.endAsync();
  });

  it('keeps one connection inside one session', async () => {
    const client = await mqtt.connectAsync(server.brokerUrl);
    const session = randomId();
    await client.subscribeAsync(helperTopic(session, randomId()));
    await expect(client.subscribeAsync(sharerTopic(randomId()))).rejects.toThrow(/Subscribe error/);
    await expect(client.subscribeAsync(sharerTopic(session))).resolves.toHaveLength(1);
    await client.endAsync();
  });
});

/** A helper's signaling on its own connection, recording what it hears. */
async function helperClient(link: ReturnType<typeof createSessionLink>) {
  const channel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key: await importSessionKey(link.key),
    selfId: randomId(),
  });
  const heard: string[] = [];
  const lives: LiveStatus[] = [];
  const signaling = startHelperSignaling(
    channel,
    link.sessionId,
    helperEvents({
      onLive: (live) => lives.push(live),
      onAnswer: () => heard.push('answer'),
      onOffer: () => heard.push('offer'),
      onCandidates: () => heard.push('ice'),
      onAdmit: () => heard.push('admit'),
      onDeny: (reason) => heard.push(`deny ${reason}`),
      onEnd: () => heard.push('end'),
      onWrongKey: () => heard.push('wrong key'),
    }),
  );
  return { channel, heard, lives, signaling, close: () => channel.close() };
}

async function sharerClient(
  link: ReturnType<typeof createSessionLink>,
  onJoin: (id: string) => void = () => {},
) {
  const channel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key: await importSessionKey(link.key),
    selfId: randomId(),
  });
  const signaling = startSharerSignaling(
    channel,
    link.sessionId,
    sharerEvents({
      onJoin,
    }),
  );
  return { channel, signaling, close: () => channel.close() };
}

const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };

describe('session status and admission', () => {
  it('a link opened while live hears who shares and which ICE servers to use', async () => {
    const link = createSessionLink(server.brokerUrl, true);
    const sharer = await sharerClient(link);
    const turn = [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }];
    const live: LiveStatus = { sharerName: 'Sam', iceServers: turn, iceTransportPolicy: 'relay' };
    await sharer.signaling.announceLive(live);
    const helper = await helperClient(link);
    await expect.poll(() => helper.lives).toEqual([live]);
    helper.close();
    sharer.close();
  });

  it('a link opened after the share stopped hears "ended" at once', async () => {
    const link = createSessionLink(server.brokerUrl);
    const sharer = await sharerClient(link);
    await sharer.signaling.announceLive(LIVE);
    await sharer.signaling.end();
    sharer.close();

    const late = await helperClient(link);
    await expect.poll(() => late.heard).toEqual(['end']);
    late.close();
  });

  it('a link with the wrong key is told so, not left waiting', async () => {
    const link = createSessionLink(server.brokerUrl);
    const sharer = await sharerClient(link);
    await sharer.signaling.announceLive(LIVE);
    const wrong = await helperClient({ ...link, key: createSessionLink('ws://x/').key });
    await expect.poll(() => wrong.heard).toEqual(['wrong key']);
    wrong.close();
    sharer.close();
  });

  it('admit and deny reach only the helper they are for', async () => {
    const link = createSessionLink(server.brokerUrl);
    const joined: string[] = [];
    const sharer = await sharerClient(link, (id) => joined.push(id));
    const ana = await helperClient(link);
    const bob = await helperClient(link);
    const joinUntilHeard = setInterval(() => {
      void ana.signaling.join('Ana', RESUME, OFFER_SDP);
      void bob.signaling.join('Bob', `${RESUME}-bob`, OFFER_SDP);
    }, 100);
    await expect.poll(() => new Set(joined).size).toBe(2);
    clearInterval(joinUntilHeard);
    await sharer.signaling.admit(ana.channel.selfId);
    await sharer.signaling.deny(bob.channel.selfId, 'denied');
    await expect.poll(() => ana.heard).toEqual(['admit']);
    await expect.poll(() => bob.heard).toEqual(['deny denied']);
    for (const client of [ana, bob, sharer]) client.close();
  });
});

describe('broker hardening', () => {
  const until = (client: mqtt.MqttClient, event: 'close' | 'connect') =>
    new Promise<void>((resolve) => client.once(event, () => resolve()));

  it('disconnects a client that floods a session topic, and serves everyone else', async () => {
    const flooder = await mqtt.connectAsync(server.brokerUrl, { reconnectPeriod: 0 });
    flooder.on('error', () => undefined);
    const closed = until(flooder, 'close');
    const topic = sharerTopic(randomId());
    for (let i = 0; i < 1000; i++) flooder.publish(topic, 'x'.repeat(100), { qos: 0 });
    await closed;
    // Others still complete a whole exchange.
    const run = await negotiate();
    expect(run.answer).toBe(ANSWER_SDP);
    run.close();
  });

  it.each([
    ['a 100-level topic', `lookover/v1/${'a/'.repeat(99)}b`, false],
    ['a retained signaling message', sharerTopic(randomId()), true],
    ['an oversize payload', sharerTopic(randomId()), false, 70 * 1024],
  ])('disconnects a client that publishes %s', async (_name, topic, retain, size = 10) => {
    const client = await mqtt.connectAsync(server.brokerUrl, { reconnectPeriod: 0 });
    client.on('error', () => undefined);
    const closed = until(client, 'close');
    client.publish(topic, 'x'.repeat(size), { qos: 1, retain });
    await closed;
    expect(client.connected).toBe(false);
  });

  it('accepts a small retained status record', async () => {
    const client = await mqtt.connectAsync(server.brokerUrl);
    await expect(
      client.publishAsync(statusTopic(randomId()), 'sealed', { qos: 1, retain: true }),
    ).resolves.toBeDefined();
    expect(client.connected).toBe(true);
    await client.endAsync();
  });
});
