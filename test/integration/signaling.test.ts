import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createHelperKeys, pairKey, type HelperKeys } from '../../src/core/crypto/party-keys.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { openEnvelope, type SealedWith } from '../../src/core/protocol/envelope.ts';
import { createSessionLink } from '../../src/core/protocol/link.ts';
import type { LiveStatus } from '../../src/core/protocol/signal.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { newShare, startHelper, startSharer, type Share } from '../support/parties.ts';

let server: LookoverServer;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const OFFER_SDP = 'v=0 fake offer sdp for the integration test';
const ANSWER_SDP = 'v=0 fake answer sdp for the integration test';
const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };

/** A sharer and a helper that complete join (with its offer) -> answer -> ICE through the real broker. */
async function negotiate(share?: Share, helperOptions: { keys?: HelperKeys; now?: () => number } = {}) {
  share ??= await newShare(server.brokerUrl);
  const sharerTransport = await connectMqtt(server.brokerUrl);
  const helperTransport = await connectMqtt(server.brokerUrl);
  const candidate = {
    candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
  };
  let resolveDone: (value: { joinedAs: string; offer: string; answer: string; candidate: unknown }) => void;
  const done = new Promise<{ joinedAs: string; offer: string; answer: string; candidate: unknown }>(
    (resolve) => (resolveDone = resolve),
  );
  let joinedAs = '';
  let offer = '';
  let answer = '';
  const sharer = startSharer(sharerTransport, share, {
    onJoin: (helperId, name, _returning, sdp) => {
      joinedAs = name;
      offer = sdp;
      void sharer.signaling.sendAnswer(helperId, ANSWER_SDP);
    },
    onCandidates: (_id, c) => answer && resolveDone({ joinedAs, offer, answer, candidate: c[0] }),
  });
  await sharer.signaling.announceLive(LIVE);
  const helper = await startHelper(
    helperTransport,
    share.link,
    {
      onAnswer: (sdp) => {
        answer = sdp;
        void helper.signaling.sendCandidates([candidate]);
      },
    },
    helperOptions,
  );
  // The sharer subscribes asynchronously: join again until it answers, as the helper page does.
  const join = () => void helper.signaling.join('Ana', false, OFFER_SDP);
  join();
  const retry = setInterval(join, 200);
  const result = await done.finally(() => clearInterval(retry));
  return {
    ...result,
    sentCandidate: candidate,
    share,
    helper,
    close: () => (sharer.channel.close(), helper.channel.close()),
    sharerChannel: sharer.channel,
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

  it('completes with a helper whose clock is six minutes off', async () => {
    const run = await negotiate(undefined, { now: () => Date.now() + 6 * 60_000 });
    expect(run.answer).toBe(ANSWER_SDP);
    expect(run.candidate).toEqual(run.sentCandidate);
    run.close();
  });

  it('a client without the key learns nothing and cannot disturb the session', async () => {
    const share = await newShare(server.brokerUrl);
    const { link } = share;
    const helperKeys = await createHelperKeys();
    // It listens where the join, the ICE candidates and the answer travel.
    const topics = [sharerTopic(link.sessionId), helperTopic(link.sessionId, helperKeys.id)] as const;
    const eavesdropper = await mqtt.connectAsync(server.brokerUrl);
    onTestFinished(() => eavesdropper.endAsync());
    const captured: { topic: string; payload: Buffer }[] = [];
    eavesdropper.on('message', (topic, payload) => captured.push({ topic, payload }));
    await eavesdropper.subscribeAsync([...topics]);

    // It floods the sharer's topic with garbage and with messages sealed under its own key.
    const garbage = ['not json at all', '{"v":1,"iv":"AAAAAAAAAAAAAAAA","ct":"AAAA"}'];
    const intruder = createSecureChannel({
      transport: await connectMqtt(server.brokerUrl),
      key: await importSessionKey(createSessionLink('ws://x/', link.commitment).key),
      selfId: randomId(),
    });
    onTestFinished(() => intruder.close());
    const flood = setInterval(() => {
      for (const junk of garbage) void eavesdropper.publishAsync(topics[0], junk);
      void intruder.send(topics[0], {
        type: 'join',
        name: 'Mallory',
        key: helperKeys.agreePublic,
        returning: false,
        sdp: OFFER_SDP,
      });
    }, 20);
    onTestFinished(() => clearInterval(flood));

    const run = await negotiate(share, { keys: helperKeys });
    onTestFinished(run.close);
    // What it heard of the session itself (not its own echo, not the intruder), told apart by the
    // keys it does not have: proof that it was in a place to learn something.
    const linkKey = await importSessionKey(link.key);
    const pair = await pairKey(
      helperKeys.agreement.privateKey,
      share.keys.agreePublic,
      link.sessionId,
      helperKeys.id,
    );
    const keyFor = (sealed: SealedWith) => (sealed.with === 'link' ? linkKey : pair);
    const heardOf = async (topic: string) => {
      const types = new Set<string>();
      for (const message of captured.filter((c) => c.topic === topic)) {
        const opened = await openEnvelope(keyFor, topic, message.payload);
        if (opened.ok) types.add(opened.value.body.msg.type);
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
async function helperClient(link: Share['link']) {
  const heard: string[] = [];
  const lives: LiveStatus[] = [];
  const helper = await startHelper(await connectMqtt(server.brokerUrl), link, {
    onLive: (live) => lives.push(live),
    onAnswer: () => heard.push('answer'),
    onOffer: () => heard.push('offer'),
    onCandidates: () => heard.push('ice'),
    onAdmit: () => heard.push('admit'),
    onDeny: (reason) => heard.push(`deny ${reason}`),
    onEnd: () => heard.push('end'),
    onWrongKey: () => heard.push('wrong key'),
    onForgedStatus: () => heard.push('forged status'),
  });
  return { ...helper, heard, lives, close: () => helper.channel.close() };
}

async function sharerClient(share: Share, onJoin: (id: string) => void = () => {}) {
  const sharer = startSharer(await connectMqtt(server.brokerUrl), share, { onJoin });
  return { ...sharer, close: () => sharer.channel.close() };
}

describe('session status and admission', () => {
  it('a link opened while live hears who shares and which ICE servers to use', async () => {
    const share = await newShare(server.brokerUrl, true);
    const sharer = await sharerClient(share);
    const turn = [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }];
    const live: LiveStatus = { sharerName: 'Sam', iceServers: turn, iceTransportPolicy: 'relay' };
    await sharer.signaling.announceLive(live);
    const helper = await helperClient(share.link);
    await expect.poll(() => helper.lives).toEqual([live]);
    helper.close();
    sharer.close();
  });

  it('a link opened after the share stopped hears "ended" at once', async () => {
    const share = await newShare(server.brokerUrl);
    const sharer = await sharerClient(share);
    await sharer.signaling.announceLive(LIVE);
    await sharer.signaling.end();
    sharer.close();

    const late = await helperClient(share.link);
    await expect.poll(() => late.heard).toEqual(['end']);
    late.close();
  });

  it('a link with the wrong key is told so, not left waiting', async () => {
    const share = await newShare(server.brokerUrl);
    const sharer = await sharerClient(share);
    await sharer.signaling.announceLive(LIVE);
    const wrong = await helperClient({ ...share.link, key: createSessionLink('ws://x/', 'x').key });
    await expect.poll(() => wrong.heard).toEqual(['wrong key']);
    wrong.close();
    sharer.close();
  });

  it('admit and deny reach only the helper they are for', async () => {
    const share = await newShare(server.brokerUrl);
    const joined: string[] = [];
    const sharer = await sharerClient(share, (id) => joined.push(id));
    await sharer.signaling.announceLive(LIVE);
    const ana = await helperClient(share.link);
    const bob = await helperClient(share.link);
    const joinUntilHeard = setInterval(() => {
      void ana.signaling.join('Ana', false, OFFER_SDP);
      void bob.signaling.join('Bob', false, OFFER_SDP);
    }, 100);
    await expect.poll(() => new Set(joined).size).toBe(2);
    clearInterval(joinUntilHeard);
    await sharer.signaling.admit(ana.id);
    await sharer.signaling.deny(bob.id, 'denied');
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
