import { describe, expect, it } from 'vitest';
import { randomBytes } from '../util/bytes.ts';
import { importSessionKey } from '../crypto/session-key.ts';
import type { SignalMessage } from '../protocol/signal.ts';
import { createMemoryHub } from '../../../test/support/memory-hub.ts';
import { createSecureChannel, MAX_MESSAGE_AGE_MS } from './secure-channel.ts';

const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function pair(now = Date.now) {
  const hub = createMemoryHub();
  const key = await importSessionKey(randomBytes(32));
  const alice = createSecureChannel({ transport: hub.connect(), key, selfId: 'alice-123' });
  const bob = createSecureChannel({ transport: hub.connect(), key, selfId: 'bob-12345', now });
  const got: [SignalMessage, string][] = [];
  bob.listen(topic, (msg, from) => got.push([msg, from]));
  return { hub, key, alice, bob, got };
}

describe('secure channel', () => {
  it('delivers sealed messages with their sender', async () => {
    const { alice, got, hub } = await pair();
    await alice.send(topic, { type: 'join', name: 'Ana', resume: 'resume-token-123456', sdp: 'v=0' });
    await settle();
    expect(got).toEqual([
      [{ type: 'join', name: 'Ana', resume: 'resume-token-123456', sdp: 'v=0' }, 'alice-123'],
    ]);
    // The payload is bytes: read it as text to look for the name in the clear.
    expect(new TextDecoder('latin1').decode(hub.published[0]!.payload)).not.toContain('Ana');
  });

  it('drops a duplicate (QoS 1 redelivery or replay) and counts it', async () => {
    const { alice, bob, got, hub } = await pair();
    await alice.send(topic, { type: 'leave' });
    const replay = hub.connect();
    replay.publish(topic, hub.published[0]!.payload);
    replay.publish(topic, hub.published[0]!.payload);
    await settle();
    expect(got).toHaveLength(1);
    expect(bob.dropped.replayed).toBe(2);
  });

  it('drops a captured message replayed long after', async () => {
    let clock = Date.now();
    const { alice, bob, got, hub } = await pair(() => clock);
    await alice.send(topic, { type: 'leave' });
    await settle();
    clock += MAX_MESSAGE_AGE_MS + 1000;
    hub.connect().publish(topic, hub.published[0]!.payload);
    await settle();
    expect(got).toHaveLength(1);
    expect(bob.dropped.stale).toBe(1);
  });

  it('drops its own echo and anything sealed under another key', async () => {
    const { hub, bob, got } = await pair();
    const stranger = createSecureChannel({
      transport: hub.connect(),
      key: await importSessionKey(randomBytes(32)),
      selfId: 'mallory-1',
    });
    await stranger.send(topic, { type: 'join', name: 'Mallory', resume: 'resume-token-123456', sdp: 'v=0' });
    await bob.send(topic, { type: 'leave' });
    hub.connect().publish(topic, new TextEncoder().encode('{"v":1'));
    await settle();
    expect(got).toEqual([]);
    expect(bob.dropped).toMatchObject({ 'decrypt-failed': 1, own: 1, 'bad-version': 1 });
  });
});
