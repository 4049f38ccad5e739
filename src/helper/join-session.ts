import { importSessionKey } from '../core/crypto/session-key.ts';
import { verificationCodeOf } from '../core/crypto/verification.ts';
import type { SessionLink } from '../core/protocol/link.ts';
import type { DenyReason } from '../core/protocol/signal.ts';
import type { ConnectProblem } from '../core/rtc/connect-problem.ts';
import type { Quality } from '../core/rtc/quality.ts';
import type { Route } from '../core/rtc/route.ts';
import { JOIN_RETRY_MS, type HelperEvent } from '../core/session/helper-state.ts';
import { startHelperSignaling } from '../core/signaling/helper-signaling.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import type { Transport } from '../core/signaling/transport.ts';
import { createHelperKeys } from '../core/crypto/party-keys.ts';
import { failures } from '../core/util/failures.ts';
import {
  createHelperPeer,
  NO_SERVERS,
  sameIce,
  takeEarlyPeer,
  type HelperPeer,
  type Ice,
} from './helper-peer.ts';
import { peerToSharer, type PeerToSharer } from './peer-to-sharer.ts';

export interface JoinEvents {
  onEvent(event: HelperEvent): void;
  onSharerName(name: string): void;
  onCode(code: string): void;
  onStream(stream: MediaStream): void;
  /** The helper's outgoing channels: `pointer` (unordered) and `ink` (reliable, ordered). */
  onChannel(label: 'pointer' | 'ink', channel: RTCDataChannel): void;
  onPaused(paused: boolean): void;
  onRoute(route: Route): void;
  /** How well the picture reaches this page, whenever that changes (see core/rtc/quality). */
  onQuality(quality: Quality): void;
  /** Why the connection has not come, or `null` once it has (see core/rtc/connect-problem). */
  onProblem(problem: ConnectProblem | null): void;
  /** The sharer's ticket for coming back after a reload: keep it for this tab. */
  onTicket(ticket: string): void;
}

const VERDICT: Record<DenyReason, HelperEvent> = {
  denied: 'denied',
  timeout: 'request-expired',
  full: 'full',
  removed: 'removed',
};

/**
 * Joins a share: meets the sharer on the broker with an offer, takes its answer, waits to be let in
 * and receives the stream. Each call is a fresh helper, with keys and an id of its own. A `ticket`
 * (given by the sharer after Allow, kept across reloads) is shown over the new peer link, so the
 * sharer can let the same person back in without asking. Abort the signal to leave.
 */
export async function joinSession(
  link: SessionLink,
  who: { name: string; ticket: string | null },
  events: JoinEvents,
  signal: AbortSignal,
  /** A broker connection opened before the join (see early-broker), or `null` to open one. */
  connected: Promise<Transport | null> | null = null,
) {
  let joined = false;
  let answered = false;
  // A returning helper is let in at once, and that word can overtake the answer it belongs to.
  let admittedEarly = false;
  let retry: ReturnType<typeof setInterval> | undefined;
  const done = (event: HelperEvent) => {
    clearInterval(retry);
    events.onEvent(event);
  };
  // The key, the peer connection and its offer are made while the broker connects, for the default
  // of no ICE servers; the first join takes the peer the page started as it loaded. A link that says
  // the sharer set some waits for them in the status record and builds the peer again with those
  // (docs/decisions/0008-spare-peer-and-early-peer.md, docs/decisions/0003-join-carries-offer.md).
  const key = importSessionKey(link.key);
  const ownKeys = createHelperKeys();
  let peer: PeerToSharer;
  try {
    peer = wire(takeEarlyPeer(link.sessionId) ?? createHelperPeer(NO_SERVERS));
  } catch {
    return events.onEvent('peer-failed');
  }
  const transport = await (connected ??
    connectMqtt(link.brokerUrl, { sessionId: link.sessionId }).catch(() => null));
  if (signal.aborted) return transport?.close();
  if (!transport) {
    peer.close();
    return events.onEvent('broker-failed');
  }
  events.onEvent('broker-connected');
  const keys = await ownKeys;
  const channel = createSecureChannel({ transport, key: await key, selfId: keys.id });

  function wire(prepared: HelperPeer): PeerToSharer {
    const wired = peerToSharer(prepared, {
      sendAnswer: (sdp) => void signaling.sendAnswer(sdp),
      sendCandidates: (batch) => void signaling.sendCandidates(batch),
      onMessage(message) {
        if (message.t === 'paused') events.onPaused(message.paused);
        else if (message.t === 'bye') done(message.reason === 'end' ? 'ended' : VERDICT[message.reason]);
        else if (message.t === 'ticket') events.onTicket(message.ticket);
      },
      onConnection(state) {
        if (state === 'connected') events.onEvent('peer-connected');
        else if (state === 'disconnected') events.onEvent('peer-disconnected');
        else if (state === 'failed') events.onEvent('peer-failed');
      },
      onRoute: (route) => events.onRoute(route),
      // Only the peer in use speaks: one replaced for other ICE servers is closed, and says nothing.
      onQuality: (quality) => peer === wired && events.onQuality(quality),
      onProblem: (problem) => events.onProblem(problem),
      onStream: (stream) => events.onStream(stream),
      onControlClosed: () => answered && peer === wired && !signal.aborted && done('ended'),
    });
    signal.addEventListener('abort', () => wired.close(), { once: true });
    // The ticket goes over the peer link only: the broker never carries it.
    const { ticket } = who;
    if (ticket !== null)
      prepared.control.addEventListener('open', () => wired.send({ t: 'rejoin', ticket }), { once: true });
    return wired;
  }

  async function join(ice: Ice) {
    if (joined) return;
    joined = true;
    if (!sameIce(peer.prepared.ice, ice)) {
      peer.close();
      peer = wire(createHelperPeer(ice));
    }
    await peer.prepared.offered;
    // Read now, not when the offer was set: an early peer may have gathered more since.
    const offer = peer.pc.localDescription?.sdp ?? '';
    peer.carried(offer);
    events.onChannel('pointer', peer.prepared.pointer);
    events.onChannel('ink', peer.prepared.ink);
    // No retained signaling: the sharer only hears a join sent while it is listening, so say it again.
    const send = () => void signaling.join(who.name, who.ticket !== null, offer);
    retry = setInterval(send, JOIN_RETRY_MS);
    send();
    // For the benchmark's "offer sent -> ICE connected", and for anyone profiling in DevTools.
    performance.mark('lookover:offer-sent');
  }

  const signaling = startHelperSignaling(channel, link, keys, {
    onLive(live) {
      events.onSharerName(live.sharerName);
      if (link.customIce) joinOrFail(live);
    },
    async onAnswer(sdp) {
      // The sharer repeats its answer when our joins cross it.
      const { pc } = peer;
      if (answered || pc.signalingState !== 'have-local-offer') return;
      answered = true;
      clearInterval(retry);
      events.onEvent('answered');
      if (admittedEarly) events.onEvent('admitted');
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp });
        peer.expectConnection();
        await peer.flushCandidates();
        const code = await verificationCodeOf(link.key, sdp, pc.localDescription?.sdp ?? '');
        if (!code) throw new Error('no single DTLS certificate to show a code for');
        peer.pin(sdp);
        events.onCode(code);
      } catch {
        events.onEvent('peer-failed');
      }
    },
    onOffer: (sdp) =>
      void (answered && peer.acceptOffer(sdp, 'broker').catch(failures.as('answer-over-broker'))),
    onCandidates: (candidates) => candidates.forEach(peer.addCandidate),
    onAdmit: () => (answered ? events.onEvent('admitted') : (admittedEarly = true)),
    onDeny: (reason) => done(VERDICT[reason]),
    onEnd() {
      done('ended');
      peer.close();
    },
    onWrongKey: () => done('wrong-key'),
    onForgedStatus: () => failures.report('forged status record', new Error('not signed by the sharer')),
  });

  const joinOrFail = (ice: Ice) =>
    void join(ice).catch(() => {
      peer.close();
      events.onEvent('peer-failed');
    });
  if (!link.customIce) joinOrFail(NO_SERVERS);

  signal.addEventListener(
    'abort',
    () => {
      clearInterval(retry);
      void signaling.leave().finally(() => {
        signaling.close();
        channel.close();
      });
    },
    { once: true },
  );
}
