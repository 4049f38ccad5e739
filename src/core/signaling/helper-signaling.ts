import { pairKey, type HelperKeys } from '../crypto/party-keys.ts';
import type { CandidateInit, DenyReason, LiveStatus } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { isTheSharers } from './share-status.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface HelperSignalingEvents {
  /** The session's status record says it is live, who shares and which ICE servers to use. */
  onLive(live: LiveStatus): void;
  onAnswer(sdp: string): void;
  /** An ICE restart from the sharer, over the broker because the peer link is down. */
  onOffer(sdp: string): void;
  onCandidates(candidates: CandidateInit[]): void;
  onAdmit(): void;
  onDeny(reason: DenyReason): void;
  onEnd(): void;
  /** The session's status record would not open: this link's key is not the session's. */
  onWrongKey(): void;
  /** A status record that opened but is not the sharer's (its keys or signature do not match the link). */
  onForgedStatus?(): void;
}

/**
 * The helper's half of the signaling protocol: it listens on its own topic and talks to the
 * sharer's. It believes a status record only when its keys hash to the link's commitment and it is
 * signed by them; that record gives it the sharer's key, and so the pair's, which everything on
 * its own topic is sealed with (docs/decisions/0017-each-party-its-own-keys.md).
 */
export function startHelperSignaling(
  channel: SecureChannel,
  link: { sessionId: string; commitment: string },
  keys: HelperKeys,
  events: HelperSignalingEvents,
) {
  const { sessionId } = link;
  let settle: (key: CryptoKey | null) => void = () => undefined;
  // Messages for us wait on this until the sharer's status record has been checked.
  channel.setPairKey(keys.id, new Promise<CryptoKey | null>((resolve) => (settle = resolve)));
  let paired = false;

  const stopOwn = channel.listen(helperTopic(sessionId, keys.id), (msg, _from, sealed) => {
    if (sealed.with !== 'pair' || sealed.pair !== keys.id) return;
    switch (msg.type) {
      case 'answer':
        return events.onAnswer(msg.sdp);
      case 'offer':
        return events.onOffer(msg.sdp);
      case 'ice':
        return events.onCandidates(msg.candidates);
      case 'admit':
        return events.onAdmit();
      case 'deny':
        return events.onDeny(msg.reason);
      case 'end':
        return events.onEnd();
    }
  });

  const stopStatus = channel.listen(
    statusTopic(sessionId),
    (msg, _from, sealed) => {
      if (msg.type !== 'status' || sealed.with !== 'link') return;
      void isTheSharers(msg, link).then(async (genuine) => {
        if (!genuine) return events.onForgedStatus?.();
        if (!paired) {
          paired = true;
          settle(await pairKey(keys.agreement.privateKey, msg.keys.agree, sessionId, keys.id));
        }
        if (msg.state === 'ended') return events.onEnd();
        const { sharerName, iceServers, iceTransportPolicy } = msg;
        events.onLive({ sharerName, iceServers, iceTransportPolicy });
      });
    },
    (reason) => reason === 'decrypt-failed' && events.onWrongKey(),
  );
  const toSharer = sharerTopic(sessionId);
  const pair = { pair: keys.id };
  return {
    join: (name: string, returning: boolean, sdp: string) =>
      channel.send(toSharer, { type: 'join', name, key: keys.agreePublic, returning, sdp }),
    sendAnswer: (sdp: string) => channel.send(toSharer, { type: 'answer', sdp }, pair),
    sendCandidates: (candidates: CandidateInit[]) =>
      channel.send(toSharer, { type: 'ice', candidates }, pair),
    // Before the sharer's key is known there is no pair to leave, and nothing could be sealed for it.
    leave: () => (paired ? channel.send(toSharer, { type: 'leave' }, pair) : Promise.resolve()),
    close: () => {
      stopOwn();
      stopStatus();
      settle(null);
    },
  };
}
export type HelperSignaling = ReturnType<typeof startHelperSignaling>;
