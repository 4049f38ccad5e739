import { helperIdOf, pairKey, sign, type SharerKeys } from '../crypto/party-keys.ts';
import {
  statusSigningBytes,
  type CandidateInit,
  type DenyReason,
  type LiveStatus,
  type UnsignedStatus,
} from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { helperTopic, sharerTopic, statusTopic } from './topics.ts';

export interface SharerSignalingEvents {
  /**
   * A helper asks to watch, with its offer; its id is the hash of the key it joined with. The same
   * helper asking again repeats the same offer. `returning`: it says it holds a rejoin ticket.
   */
  onJoin(helperId: string, name: string, returning: boolean, sdp: string): void;
  /** The helper's answer to an ICE restart offered over the broker. */
  onAnswer(helperId: string, sdp: string): void;
  onCandidates(helperId: string, candidates: CandidateInit[]): void;
  onLeave(helperId: string): void;
}

export type ForgedReason = 'join-id' | 'not-paired' | 'wrong-key';

/**
 * The sharer's half of the signaling protocol (see README, "Signaling protocol"). A join is sealed
 * with the link's key; everything else to and from a helper with that pair's own key, so the sharer
 * acts only on what that helper said (docs/decisions/0017-each-party-its-own-keys.md).
 */
export function startSharerSignaling(
  channel: SecureChannel,
  sessionId: string,
  keys: SharerKeys,
  events: SharerSignalingEvents,
  onForged: (reason: ForgedReason) => void = () => undefined,
) {
  const known = new Set<string>();
  const stopListening = channel.listen(sharerTopic(sessionId), (msg, from, sealed) => {
    if (msg.type === 'join') {
      if (sealed.with !== 'link') return onForged('wrong-key');
      return void acceptJoin(from, msg.key).then((ok) =>
        ok ? events.onJoin(from, msg.name, msg.returning, msg.sdp) : onForged('join-id'),
      );
    }
    // Anything after the join must come sealed for that helper's pair, from that helper.
    if (sealed.with !== 'pair' || sealed.pair !== from || !known.has(from)) return onForged('not-paired');
    switch (msg.type) {
      case 'answer':
        return events.onAnswer(from, msg.sdp);
      case 'ice':
        return events.onCandidates(from, msg.candidates);
      case 'leave':
        known.delete(from);
        channel.forgetPair(from);
        return events.onLeave(from);
      // A helper never restarts, admits or ends anything: ignore.
    }
  });

  /** The id a join claims must be its key's hash; then the pair's key is agreed, once. */
  async function acceptJoin(from: string, helperKey: string): Promise<boolean> {
    if ((await helperIdOf(helperKey)) !== from) return false;
    if (!known.has(from)) {
      known.add(from);
      channel.setPairKey(from, pairKey(keys.agreement.privateKey, helperKey, sessionId, from));
    }
    return true;
  }

  const to = (helperId: string) => helperTopic(sessionId, helperId);
  const toHelper = (helperId: string, msg: Parameters<SecureChannel['send']>[1]) =>
    known.has(helperId) ? channel.send(to(helperId), msg, { pair: helperId }) : Promise.resolve();
  const publishStatus = async (status: UnsignedStatus) => {
    const sig = await sign(keys, statusSigningBytes(sessionId, status));
    await channel.send(statusTopic(sessionId), { ...status, sig }, { retain: true });
  };
  const publicKeys = { sign: keys.signPublic, agree: keys.agreePublic };
  return {
    sendAnswer: (helperId: string, sdp: string) => toHelper(helperId, { type: 'answer', sdp }),
    /** An ICE restart while the peer link is down: only the broker can carry it. */
    sendOffer: (helperId: string, sdp: string) => toHelper(helperId, { type: 'offer', sdp }),
    sendCandidates: (helperId: string, candidates: CandidateInit[]) =>
      toHelper(helperId, { type: 'ice', candidates }),
    admit: (helperId: string) => toHelper(helperId, { type: 'admit' }),
    deny: (helperId: string, reason: DenyReason) => toHelper(helperId, { type: 'deny', reason }),
    announceLive: (live: LiveStatus) =>
      publishStatus({ type: 'status', state: 'live', ...live, keys: publicKeys }),
    /** The link is dead for good: later opens read "ended"; helpers we know are told now. */
    end: () =>
      Promise.all([
        publishStatus({ type: 'status', state: 'ended', keys: publicKeys }),
        ...[...known].map((id) => toHelper(id, { type: 'end' })),
      ]),
    forget(helperId: string) {
      known.delete(helperId);
      channel.forgetPair(helperId);
    },
    close: stopListening,
  };
}
export type SharerSignaling = ReturnType<typeof startSharerSignaling>;
