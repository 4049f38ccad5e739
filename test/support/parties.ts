import {
  createHelperKeys,
  createSharerKeys,
  type HelperKeys,
  type SharerKeys,
} from '../../src/core/crypto/party-keys.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { createSessionLink, type SessionLink } from '../../src/core/protocol/link.ts';
import {
  startHelperSignaling,
  type HelperSignalingEvents,
} from '../../src/core/signaling/helper-signaling.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import {
  startSharerSignaling,
  type ForgedReason,
  type SharerSignalingEvents,
} from '../../src/core/signaling/sharer-signaling.ts';
import type { Transport } from '../../src/core/signaling/transport.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import { helperEvents, sharerEvents } from './signaling-events.ts';

/** A share as the sharer makes one: its link (with the key commitment), its keys, the link's key. */
export interface Share {
  link: SessionLink;
  keys: SharerKeys;
  key: CryptoKey;
}

export async function newShare(brokerUrl: string, customIce = false): Promise<Share> {
  const keys = await createSharerKeys();
  const link = createSessionLink(brokerUrl, keys.commitment, customIce);
  return { link, keys, key: await importSessionKey(link.key) };
}

/** The sharer's signaling on `transport`, with the real protocol code. */
export function startSharer(
  transport: Transport,
  share: Share,
  events: Partial<SharerSignalingEvents> = {},
  onForged?: (reason: ForgedReason) => void,
) {
  const channel = createSecureChannel({ transport, key: share.key, selfId: randomId() });
  const signaling = startSharerSignaling(
    channel,
    share.link.sessionId,
    share.keys,
    sharerEvents(events),
    onForged,
  );
  return { channel, signaling };
}

/** A helper with keys of its own, joining `link` through the real protocol code. */
export async function startHelper(
  transport: Transport,
  link: SessionLink,
  events: Partial<HelperSignalingEvents> = {},
  given: { keys?: HelperKeys; now?: () => number } = {},
) {
  const keys = given.keys ?? (await createHelperKeys());
  const key = await importSessionKey(link.key);
  const channel = createSecureChannel({
    transport,
    key,
    selfId: keys.id,
    ...(given.now ? { now: given.now } : {}),
  });
  const signaling = startHelperSignaling(channel, link, keys, helperEvents(events));
  return { channel, signaling, keys, id: keys.id };
}
