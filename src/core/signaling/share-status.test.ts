import { describe, expect, it } from 'vitest';
import { createMemoryHub } from '../../../test/support/memory-hub.ts';
import { newShare, startSharer, type Share } from '../../../test/support/parties.ts';
import { createSharerKeys, sign } from '../crypto/party-keys.ts';
import { createSessionLink } from '../protocol/link.ts';
import { statusSigningBytes, type LiveStatus, type UnsignedStatus } from '../protocol/signal.ts';
import { randomId } from '../util/bytes.ts';
import { importSessionKey } from '../crypto/session-key.ts';
import { createSecureChannel } from './secure-channel.ts';
import { readShareStatus } from './share-status.ts';
import { statusTopic } from './topics.ts';

const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };
type Hub = ReturnType<typeof createMemoryHub>;

/** Someone holding the link writes a live record under keys of their own. */
async function forge(hub: Hub, share: Share) {
  const mallory = await createSharerKeys();
  const keys = { sign: mallory.signPublic, agree: mallory.agreePublic };
  const forged: UnsignedStatus = { type: 'status', state: 'live', ...LIVE, sharerName: 'Mallory', keys };
  const sig = await sign(mallory, statusSigningBytes(share.link.sessionId, forged));
  const intruder = createSecureChannel({ transport: hub.connect(), key: share.key, selfId: randomId() });
  await intruder.send(statusTopic(share.link.sessionId), { ...forged, sig }, { retain: true });
}

describe('reading a share’s status before asking the helper anything', () => {
  it.each<[string, (hub: Hub, share: Share) => Promise<unknown>, unknown]>([
    ['live', (hub, share) => startSharer(hub.connect(), share).signaling.announceLive(LIVE), 'live'],
    [
      'ended',
      async (hub, share) => {
        const { signaling } = startSharer(hub.connect(), share);
        await signaling.announceLive(LIVE);
        await signaling.end();
      },
      'ended',
    ],
    ['never begun (no record)', async () => undefined, 'none'],
    ['only a forged record', forge, 'none'],
    [
      'a forged record over the sharer’s ended one',
      async (hub, share) => {
        await startSharer(hub.connect(), share).signaling.end();
        await forge(hub, share);
      },
      'none',
    ],
  ])('%s', async (_, arrange, state) => {
    const hub = createMemoryHub();
    const share = await newShare('ws://x/mqtt');
    await arrange(hub, share);
    const channel = createSecureChannel({ transport: hub.connect(), key: share.key, selfId: randomId() });
    const status = await readShareStatus(channel, share.link, new AbortController().signal, 200);
    expect(status?.state).toBe(state);
    if (status?.state === 'live') expect(status.live).toEqual(LIVE);
  });

  it('says the key is wrong when the record does not open with the link’s', async () => {
    const hub = createMemoryHub();
    const share = await newShare('ws://x/mqtt');
    await startSharer(hub.connect(), share).signaling.announceLive(LIVE);
    const other = createSessionLink('ws://x/mqtt', share.link.commitment);
    const channel = createSecureChannel({
      transport: hub.connect(),
      key: await importSessionKey(other.key),
      selfId: randomId(),
    });
    const status = await readShareStatus(channel, share.link, new AbortController().signal, 200);
    expect(status).toEqual({ state: 'wrong-key' });
  });

  it('answers nothing once aborted (the page went)', async () => {
    const hub = createMemoryHub();
    const share = await newShare('ws://x/mqtt');
    const channel = createSecureChannel({ transport: hub.connect(), key: share.key, selfId: randomId() });
    const leave = new AbortController();
    const status = readShareStatus(channel, share.link, leave.signal, 10_000);
    leave.abort();
    expect(await status).toBeNull();
  });
});
