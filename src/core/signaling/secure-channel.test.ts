import { describe, expect, it, vi } from 'vitest';
import { createMemoryHub } from '../../../test/support/memory-hub.ts';
import { importSessionKey } from '../crypto/session-key.ts';
import type { SealedWith } from '../protocol/envelope.ts';
import type { SignalMessage } from '../protocol/signal.ts';
import { randomBytes } from '../util/bytes.ts';
import { createSecureChannel } from './secure-channel.ts';

const topic = 'lookover/v1/AAAAAAAAAAAAAAAAAAAAAA/sharer';
/** Opening is asynchronous (WebCrypto): wait until `count` says everything sent was handled. */
const handled = (count: () => number, expected: number) => vi.waitFor(() => expect(count()).toBe(expected));
const total = (channel: { dropped: Readonly<Partial<Record<string, number>>> }) =>
  Object.values(channel.dropped).reduce<number>((sum, n) => sum + (n ?? 0), 0);
const JOIN: SignalMessage = {
  type: 'join',
  name: 'Ana',
  key: 'A'.repeat(43),
  returning: false,
  sdp: 'v=0',
};

async function pair(now = Date.now) {
  const hub = createMemoryHub();
  const key = await importSessionKey(randomBytes(32));
  const alice = createSecureChannel({ transport: hub.connect(), key, selfId: 'alice-123' });
  const bob = createSecureChannel({ transport: hub.connect(), key, selfId: 'bob-12345', now });
  const got: [SignalMessage, string, SealedWith][] = [];
  bob.listen(topic, (msg, from, sealed) => got.push([msg, from, sealed]));
  return { hub, key, alice, bob, got };
}

describe('secure channel', () => {
  it('delivers sealed messages with their sender and the key that sealed them', async () => {
    const { alice, got, hub } = await pair();
    await alice.send(topic, JOIN);
    await handled(() => got.length, 1);
    expect(got).toEqual([[JOIN, 'alice-123', { with: 'link' }]]);
    // The payload is bytes: read it as text to look for the name in the clear.
    expect(new TextDecoder('latin1').decode(hub.published[0]!.payload)).not.toContain('Ana');
  });

  it('drops a duplicate (QoS 1 redelivery or replay) and counts it', async () => {
    const { alice, bob, got, hub } = await pair();
    await alice.send(topic, { type: 'leave' });
    const replay = hub.connect();
    replay.publish(topic, hub.published[0]!.payload);
    replay.publish(topic, hub.published[0]!.payload);
    await handled(() => got.length + total(bob), 3);
    expect(got).toHaveLength(1);
    expect(bob.dropped.replayed).toBe(2);
  });

  it('drops a replay older than what it remembers of that sender', async () => {
    const { alice, bob, got, hub } = await pair();
    for (let i = 0; i < 600; i++) await alice.send(topic, { type: 'leave' });
    await handled(() => got.length, 600);
    hub.connect().publish(topic, hub.published[0]!.payload);
    await handled(() => total(bob), 1);
    expect(got).toHaveLength(600);
    expect(bob.dropped.replayed).toBe(1);
  });

  it('does not care whose clock is wrong', async () => {
    const sixMinutes = 6 * 60_000;
    const { alice, got } = await pair(() => Date.now() + sixMinutes);
    await alice.send(topic, { type: 'leave' });
    await handled(() => got.length, 1);
  });

  it('drops its own echo and anything sealed under another key', async () => {
    const { hub, bob, got } = await pair();
    const stranger = createSecureChannel({
      transport: hub.connect(),
      key: await importSessionKey(randomBytes(32)),
      selfId: 'mallory-1',
    });
    await stranger.send(topic, { ...JOIN, name: 'Mallory' });
    await bob.send(topic, { type: 'leave' });
    hub.connect().publish(topic, new TextEncoder().encode('{"v":1'));
    await handled(() => total(bob), 3);
    expect(got).toEqual([]);
    expect(bob.dropped).toMatchObject({ 'decrypt-failed': 1, own: 1, 'bad-version': 1 });
  });

  it('seals for a pair with its own key, which only that pair can open', async () => {
    const { hub, alice, bob, got } = await pair();
    const pairKey = await importSessionKey(randomBytes(32));
    alice.setPairKey('helper-1', pairKey);
    bob.setPairKey('helper-1', pairKey);
    const other = createSecureChannel({
      transport: hub.connect(),
      key: await importSessionKey(randomBytes(32)),
      selfId: 'carol-123',
    });
    const otherGot: unknown[] = [];
    other.setPairKey('helper-1', await importSessionKey(randomBytes(32)));
    other.listen(topic, (msg) => otherGot.push(msg));
    await alice.send(topic, { type: 'leave' }, { pair: 'helper-1' });
    await handled(() => got.length, 1);
    await handled(() => total(other), 1);
    expect(got).toEqual([[{ type: 'leave' }, 'alice-123', { with: 'pair', pair: 'helper-1' }]]);
    expect(otherGot).toEqual([]);
    expect(other.dropped['decrypt-failed']).toBe(1);
  });

  it('holds a pair message until its key is agreed, and drops one for a pair it never agreed', async () => {
    const { alice, bob, got } = await pair();
    const pairKey = await importSessionKey(randomBytes(32));
    alice.setPairKey('helper-1', pairKey);
    let agree: (key: CryptoKey) => void = () => undefined;
    bob.setPairKey('helper-1', new Promise((resolve) => (agree = resolve)));
    await alice.send(topic, { type: 'leave' }, { pair: 'helper-1' });
    alice.setPairKey('helper-2', pairKey);
    await alice.send(topic, { type: 'leave' }, { pair: 'helper-2' });
    await handled(() => total(bob), 1);
    expect(got).toEqual([]);
    expect(bob.dropped['unknown-pair']).toBe(1);
    agree(pairKey);
    await handled(() => got.length, 1);
  });

  it('sends nothing for a pair it has forgotten', async () => {
    const { alice, hub } = await pair();
    alice.setPairKey('helper-1', await importSessionKey(randomBytes(32)));
    alice.forgetPair('helper-1');
    await alice.send(topic, { type: 'leave' }, { pair: 'helper-1' });
    expect(hub.published).toHaveLength(0);
    expect(alice.unsent).toBe(1);
  });
});
