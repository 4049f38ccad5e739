import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createHelperKeys, createSharerKeys, sign } from '../../src/core/crypto/party-keys.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { openEnvelope, sealEnvelope, type SealedWith } from '../../src/core/protocol/envelope.ts';
import {
  statusSigningBytes,
  type SignalMessage,
  type UnsignedStatus,
} from '../../src/core/protocol/signal.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { helperTopic, sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import { fromUtf8 } from '../../src/core/util/bytes.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { startMosquitto } from '../bench/brokers.ts';
import { startShare } from '../support/fake-share.ts';

// Someone who holds the link but was never let in: it can read what the link's key opens, and
// send what the link's key seals, on the real embedded broker with the real protocol code. Each
// attack below must fail (docs/decisions/0017-each-party-its-own-keys.md).

let server: LookoverServer;
beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

/**
 * A share with Ana let in, and a link holder listening on every topic of the session it may reach,
 * on the embedded broker unless `brokerUrl` names another.
 */
async function shareWithAnaAndAnEavesdropper(brokerUrl = server.brokerUrl) {
  const share = await startShare({ connect: () => connectMqtt(brokerUrl), brokerUrl });
  onTestFinished(() => share.controller.stop('stopped'));
  const { link } = share;
  const ana = await share.helper('Ana');
  onTestFinished(() => ana.channel.close());
  const topics = [
    sharerTopic(link.sessionId),
    helperTopic(link.sessionId, ana.id),
    statusTopic(link.sessionId),
  ];
  const eavesdropper = await mqtt.connectAsync(brokerUrl);
  onTestFinished(() => eavesdropper.endAsync());
  const captured: { topic: string; payload: Uint8Array }[] = [];
  eavesdropper.on('message', (topic, payload) => captured.push({ topic, payload: new Uint8Array(payload) }));
  await eavesdropper.subscribeAsync(topics);

  await ana.join();
  await vi.waitFor(() => expect(share.helpers().map((h) => h.id)).toEqual([ana.id]));
  share.controller.admit(ana.id);
  await vi.waitFor(() => expect(ana.heard.admitted).toBe(1));
  const linkKey = await importSessionKey(link.key);
  /** What the link holder can open: everything the link's key opens, and nothing else. */
  const opened = async () => {
    const result: { topic: string; msg: SignalMessage; sealed: SealedWith }[] = [];
    for (const { topic, payload } of captured) {
      const open = await openEnvelope(linkKey, topic, payload);
      if (open.ok) result.push({ topic, msg: open.value.body.msg, sealed: open.value.sealed });
    }
    return result;
  };
  const forger = await mqtt.connectAsync(brokerUrl);
  onTestFinished(() => forger.endAsync(true));
  let seq = 1_000_000;
  /**
   * Sends `msg` as `from`, sealed with the link's key or with `pair.key` for a pair: the protocol's
   * own envelope, with a sequence number no one has used yet.
   */
  const forge = async (
    topic: string,
    msg: SignalMessage,
    from: string,
    options: { pair?: { id: string; key: CryptoKey }; retain?: boolean } = {},
  ) => {
    const sealed: SealedWith = options.pair ? { with: 'pair', pair: options.pair.id } : { with: 'link' };
    const body = { from, seq: seq++, ts: Date.now(), msg };
    const wire = await sealEnvelope(options.pair?.key ?? linkKey, topic, body, sealed);
    // The embedded broker may refuse it (and close the connection) rather than acknowledge it.
    const refused = new Promise<void>((resolve) => forger.once('close', () => resolve()));
    await Promise.race([
      forger.publishAsync(topic, Buffer.from(wire), { qos: 1, retain: options.retain ?? false }),
      refused,
    ]);
  };
  return { share, link, ana, captured, opened, forge, linkKey };
}

describe('a link holder who was never let in', () => {
  it("cannot read Ana's traffic after her join, nor see her rejoin ticket", async () => {
    const { share, ana, captured, opened } = await shareWithAnaAndAnEavesdropper();
    const ticket = ana.peer()?.record.tickets[0];
    expect(ticket).toBeDefined();
    await vi.waitFor(() => expect(captured.some((c) => c.topic.endsWith(ana.id))).toBe(true));
    const readable = await opened();
    // The join (link-sealed, so the sharer can read it before any pair exists) and the status record.
    expect(new Set(readable.map((r) => r.msg.type))).toEqual(new Set(['join', 'status']));
    // Ana's topic carried her answer and Allow: none of it opens with the link's key.
    expect(readable.filter((r) => r.topic.endsWith(ana.id))).toEqual([]);
    const everything = captured.map((c) => fromUtf8(c.payload) ?? '').join('\n');
    expect(everything).not.toContain(ticket);
    expect(share.helpers().map((h) => [h.name, h.admitted])).toEqual([['Ana', true]]);
  });

  it("cannot take Ana's seat: not with her id, not by claiming to return", async () => {
    const { share, ana, opened, forge } = await shareWithAnaAndAnEavesdropper();
    const seen = (await opened()).find((r) => r.msg.type === 'join')?.msg;
    if (seen?.type !== 'join') throw new Error("Ana's join was not seen");
    const anasJoin = seen;
    const mallory = await createHelperKeys();
    const toSharer = sharerTopic(share.link.sessionId);
    // Ana's id with Mallory's key: the id is not that key's hash.
    await forge(toSharer, { ...anasJoin, key: mallory.agreePublic }, ana.id);
    // Ana's id and Ana's key, copied: the same join again, answered for Ana's pair only.
    await forge(toSharer, { ...anasJoin, returning: true }, ana.id);
    // Mallory's own id, saying she holds a ticket: she has none to show over a peer link.
    const malloryJoin: SignalMessage = {
      type: 'join',
      name: 'Ana',
      key: mallory.agreePublic,
      returning: true,
      sdp: 'v=0 mallory',
    };
    await forge(toSharer, malloryJoin, mallory.id);
    await vi.waitFor(() => expect(share.controller.stats().forgedSignaling).toBeGreaterThanOrEqual(1));
    await vi.waitFor(() => expect(share.made.some((fake) => fake.record.offer === 'v=0 mallory')).toBe(true));
    const states = () => share.helpers().map((h) => [h.id === ana.id ? 'Ana' : 'other', h.admitted]);
    // Mallory waits for a ticket that never comes: she is never in, never shown as Ana's return.
    expect(states()).toEqual([['Ana', true]]);
    expect(share.made.filter((fake) => fake.record.offer === anasJoin.sdp)).toHaveLength(1);
  });

  it('cannot make the sharer drop Ana, nor tell Ana she was removed', async () => {
    const { share, ana, forge, link } = await shareWithAnaAndAnEavesdropper();
    const toAna = helperTopic(link.sessionId, ana.id);
    await forge(sharerTopic(link.sessionId), { type: 'leave' }, ana.id);
    await forge(toAna, { type: 'deny', reason: 'removed' }, 'sharer-impostor');
    await forge(toAna, { type: 'end' }, 'sharer-impostor');
    // With a made-up pair key, a message for Ana's pair does not open either.
    const guess = { id: ana.id, key: await importSessionKey(crypto.getRandomValues(new Uint8Array(32))) };
    await forge(sharerTopic(link.sessionId), { type: 'leave' }, ana.id, { pair: guess });
    await forge(toAna, { type: 'deny', reason: 'removed' }, 'sharer-impostor', { pair: guess });
    await vi.waitFor(() => expect(share.controller.stats().forgedSignaling).toBeGreaterThanOrEqual(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(share.helpers().map((h) => [h.id, h.admitted])).toEqual([[ana.id, true]]);
    expect(ana.heard.denied).toEqual([]);
    expect(ana.heard.ended).toBe(0);
  });

  /** Mallory's own live record (other TURN servers, relay forced), signed by keys of her own. */
  async function plantForgedStatus(brokerUrl?: string) {
    const { share, link, forge } = await shareWithAnaAndAnEavesdropper(brokerUrl);
    const mallory = await createSharerKeys();
    const forged: UnsignedStatus = {
      type: 'status',
      state: 'live',
      sharerName: 'Sam',
      iceServers: [{ urls: 'turn:198.51.100.66:3478', username: 'm', credential: 'm' }],
      iceTransportPolicy: 'relay',
      keys: { sign: mallory.signPublic, agree: mallory.agreePublic },
    };
    const sig = await sign(mallory, statusSigningBytes(link.sessionId, forged));
    await forge(statusTopic(link.sessionId), { ...forged, sig }, 'sharer-impostor', { retain: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await share.helper('Bo');
    await vi.waitFor(() => expect(later.heard.lives.length + later.heard.forged).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(later.heard.lives.map((live) => live.iceServers)).not.toContainEqual(
      forged.state === 'live' ? forged.iceServers : [],
    );
    expect(later.heard.lives.every((live) => live.iceTransportPolicy === 'all')).toBe(true);
    return later.heard;
  }

  it('cannot give later helpers a status record of its own: the embedded broker keeps the real one', async () => {
    const heard = await plantForgedStatus();
    // On the embedded broker the first writer owns the record: the later helper hears the real one.
    expect(heard.lives).toEqual([{ sharerName: '', iceServers: [], iceTransportPolicy: 'all' }]);
  });

  it('cannot give later helpers a status record of its own on a broker that lets it through: the helper refuses it', async () => {
    // Mosquitto as it comes keeps whoever wrote last: the forgery reaches the later helper, and only
    // the helper's own check (keys hashing to the link's commitment, and their signature) stands.
    const mosquitto = await startMosquitto();
    onTestFinished(() => mosquitto.stop());
    const heard = await plantForgedStatus(mosquitto.url);
    expect(heard.forged).toBeGreaterThan(0);
    expect(heard.lives).toEqual([]);
  });
});
