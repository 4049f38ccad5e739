import { describe, expect, it, vi } from 'vitest';
import { createMemoryHub } from '../../../test/support/memory-hub.ts';
import { newShare, startHelper, startSharer } from '../../../test/support/parties.ts';
import { createSharerKeys, sign } from '../crypto/party-keys.ts';
import { statusSigningBytes, type LiveStatus, type UnsignedStatus } from '../protocol/signal.ts';
import { randomId } from '../util/bytes.ts';
import { createSecureChannel } from './secure-channel.ts';
import { statusTopic } from './topics.ts';

const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };
const TURN = [{ urls: 'turn:198.51.100.66:3478', username: 'm', credential: 'm' }];

/**
 * On a broker that lets anyone replace a retained record (the in-memory hub does), only the
 * helper's own check stands between a link holder and a status record it believes.
 */
describe("the helper believes only the sharer's status record", () => {
  it.each<[string, (genuine: UnsignedStatus, sessionId: string) => Promise<unknown>]>([
    [
      'signed by keys the link does not commit to',
      async (genuine, sessionId) => {
        const mallory = await createSharerKeys();
        const forged = { ...genuine, keys: { sign: mallory.signPublic, agree: mallory.agreePublic } };
        return { ...forged, sig: await sign(mallory, statusSigningBytes(sessionId, forged)) };
      },
    ],
    ["with the sharer's keys and a field changed after signing", async () => null],
  ])('refuses one %s', async (_, forge) => {
    const hub = createMemoryHub();
    const share = await newShare('ws://x/mqtt');
    const { link } = share;
    const sharer = startSharer(hub.connect(), share);
    await sharer.signaling.announceLive(LIVE);
    const keys = { sign: share.keys.signPublic, agree: share.keys.agreePublic };
    const genuine: UnsignedStatus = { type: 'status', state: 'live', ...LIVE, keys };
    const sig = await sign(share.keys, statusSigningBytes(link.sessionId, genuine));
    const planted = (await forge(genuine, link.sessionId)) ?? {
      ...genuine,
      iceServers: TURN,
      iceTransportPolicy: 'relay',
      sig,
    };
    const intruder = createSecureChannel({ transport: hub.connect(), key: share.key, selfId: randomId() });
    await intruder.send(statusTopic(link.sessionId), planted as Parameters<typeof intruder.send>[1], {
      retain: true,
    });

    const lives: LiveStatus[] = [];
    let forged = 0;
    await startHelper(hub.connect(), link, {
      onLive: (live) => lives.push(live),
      onForgedStatus: () => forged++,
    });
    await vi.waitFor(() => expect(forged).toBe(1));
    expect(lives).toEqual([]);
  });

  it('believes the genuine one', async () => {
    const hub = createMemoryHub();
    const share = await newShare('ws://x/mqtt');
    await startSharer(hub.connect(), share).signaling.announceLive(LIVE);
    const lives: LiveStatus[] = [];
    await startHelper(hub.connect(), share.link, { onLive: (live) => lives.push(live) });
    await vi.waitFor(() => expect(lives).toEqual([LIVE]));
  });
});
