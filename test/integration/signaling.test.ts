import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../src/core/bytes.ts';
import { importSessionKey } from '../../src/core/crypto.ts';
import { createSessionLink } from '../../src/core/link.ts';
import { startHelperSignaling } from '../../src/core/signaling/helper-signaling.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import { startSharerSignaling, type Offer } from '../../src/core/signaling/sharer-signaling.ts';
import { helperTopic, sharerTopic } from '../../src/core/signaling/topics.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';

let server: LookoverServer;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const OFFER_SDP = 'v=0 fake offer sdp for the integration test';
const ANSWER_SDP = 'v=0 fake answer sdp for the integration test';

/** A sharer and a helper that complete offer -> answer -> ICE through the real broker. */
async function negotiate(link = createSessionLink(server.brokerUrl)) {
  const key = await importSessionKey(link.key);
  const sharerChannel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key,
    selfId: randomId(),
  });
  const helperChannel = createSecureChannel({
    transport: await connectMqtt(server.brokerUrl),
    key,
    selfId: randomId(),
  });
  const candidate = {
    candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
  };

  const done = new Promise<{ joinedAs: string; answer: string; candidate: unknown; offer: Offer }>(
    (resolve) => {
      let joinedAs = '';
      let answer = '';
      let offer: Offer | undefined;
      const sharer = startSharerSignaling(sharerChannel, link.sessionId, {
        onJoin: (helperId, name) => {
          joinedAs = name;
          void sharer.sendOffer(helperId, { sdp: OFFER_SDP, iceServers: [], iceTransportPolicy: 'all' });
        },
        onAnswer: (_id, sdp) => (answer = sdp),
        onCandidate: (_id, c) => offer && resolve({ joinedAs, answer, candidate: c, offer }),
        onLeave: () => undefined,
      });
      const helper = startHelperSignaling(helperChannel, link.sessionId, {
        onOffer: (o) => {
          offer = o;
          void helper.sendAnswer(ANSWER_SDP).then(() => helper.sendCandidate(candidate));
        },
        onCandidate: () => undefined,
        onEnd: () => undefined,
      });
      void helper.join('Ana');
    },
  );
  // The sharer subscribes asynchronously: join again until it answers, as the helper page does.
  const retry = setInterval(
    () => void helperChannel.send(sharerTopic(link.sessionId), { type: 'join', name: 'Ana' }),
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
  it('completes an offer/answer exchange', async () => {
    const run = await negotiate();
    expect(run.joinedAs).toBe('Ana');
    expect(run.offer.sdp).toBe(OFFER_SDP);
    expect(run.answer).toBe(ANSWER_SDP);
    expect(run.candidate).toEqual(run.sentCandidate);
    run.close();
  });

  it('a client without the key learns nothing and cannot disturb the session', async () => {
    const link = createSessionLink(server.brokerUrl);
    const eavesdropper = await mqtt.connectAsync(server.brokerUrl);
    const seen: string[] = [];
    eavesdropper.on('message', (_topic, payload) => seen.push(payload.toString()));
    await eavesdropper.subscribeAsync(sharerTopic(link.sessionId));

    // It floods the sharer's topic with garbage and with messages sealed under its own key.
    const intruderKey = await importSessionKey(createSessionLink('ws://x/').key);
    const intruder = createSecureChannel({
      transport: await connectMqtt(server.brokerUrl),
      key: intruderKey,
      selfId: randomId(),
    });
    const flood = setInterval(() => {
      void eavesdropper.publishAsync(sharerTopic(link.sessionId), 'not json at all');
      void eavesdropper.publishAsync(
        sharerTopic(link.sessionId),
        '{"v":1,"iv":"AAAAAAAAAAAAAAAA","ct":"AAAA"}',
      );
      void intruder.send(sharerTopic(link.sessionId), { type: 'join', name: 'Mallory' });
    }, 20);

    const run = await negotiate(link);
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(flood);
    expect(run.joinedAs).toBe('Ana');
    expect(run.answer).toBe(ANSWER_SDP);
    expect(seen.length).toBeGreaterThan(0);
    const everything = seen.join('\n');
    for (const secret of ['Ana', ANSWER_SDP, 'candidate:', 'answer', 'join'])
      expect(everything).not.toContain(secret);
    expect(run.sharerChannel.dropped['decrypt-failed']).toBeGreaterThan(0);
    expect(run.sharerChannel.dropped['not-json']).toBeGreaterThan(0);
    run.close();
    intruder.close();
    await eavesdropper.endAsync();
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
