import { randomId } from '../core/bytes.ts';
import { importSessionKey } from '../core/crypto.ts';
import type { SessionLink } from '../core/link.ts';
import { encodeControlMessage, parseControlMessage, type ControlMessage } from '../core/protocol/control.ts';
import type { CandidateInit, DenyReason } from '../core/protocol/signal.ts';
import { createBatcher } from '../core/batch.ts';
import { routeOf } from '../core/rtc-stats.ts';
import { JOIN_RETRY_MS, type HelperEvent } from '../core/session/helper-state.ts';
import type { Route } from '../core/session/sharer-state.ts';
import { startHelperSignaling } from '../core/signaling/helper-signaling.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import { sdpFingerprint, verificationCode } from '../core/verification.ts';

export interface JoinEvents {
  onEvent(event: HelperEvent): void;
  onSharerName(name: string): void;
  onCode(code: string): void;
  onStream(stream: MediaStream): void;
  /** The helper's outgoing channels: `pointer` (unordered) and `ink` (reliable, ordered). */
  onChannel(label: 'pointer' | 'ink', channel: RTCDataChannel): void;
  onPaused(paused: boolean): void;
  onRoute(route: Route): void;
}

const VERDICT: Record<DenyReason, HelperEvent> = {
  denied: 'denied',
  timeout: 'request-expired',
  full: 'full',
  removed: 'removed',
};

/**
 * Joins a share: meets the sharer on the broker, answers its offer, waits to be let in and receives
 * the stream. Each call is a fresh helper id; `resume` (kept across reloads) lets the sharer
 * recognise the same person. Abort the signal to leave.
 */
export async function joinSession(
  link: SessionLink,
  who: { name: string; resume: string },
  events: JoinEvents,
  signal: AbortSignal,
) {
  const transport = await connectMqtt(link.brokerUrl).catch(() => null);
  if (signal.aborted) return transport?.close();
  if (!transport) return events.onEvent('broker-failed');
  events.onEvent('broker-connected');

  const channel = createSecureChannel({
    transport,
    key: await importSessionKey(link.key),
    selfId: randomId(),
  });
  let pc: RTCPeerConnection | null = null;
  let control: RTCDataChannel | null = null;
  // A returning helper is let in at once, and that word can overtake the offer it belongs to.
  let admittedEarly = false;
  const pending: CandidateInit[] = [];
  const toBroker = createBatcher<CandidateInit>((candidates) => void signaling.sendCandidates(candidates));
  const done = (event: HelperEvent) => {
    clearInterval(retry);
    events.onEvent(event);
  };

  const peerLinkUp = () => control?.readyState === 'open' && pc?.connectionState === 'connected';
  const sendControl = (message: ControlMessage) => control?.send(encodeControlMessage(message));

  async function answer(peer: RTCPeerConnection, sdp: string, via: 'broker' | 'peer') {
    await peer.setRemoteDescription({ type: 'offer', sdp });
    await peer.setLocalDescription(await peer.createAnswer());
    const local = peer.localDescription?.sdp ?? '';
    if (via === 'peer') sendControl({ t: 'answer', sdp: local });
    else await signaling.sendAnswer(local);
    for (const candidate of pending.splice(0)) await peer.addIceCandidate(candidate).catch(() => undefined);
    return local;
  }

  function createPeer(iceServers: RTCIceServer[], iceTransportPolicy: RTCIceTransportPolicy) {
    const peer = new RTCPeerConnection({ iceServers, iceTransportPolicy });
    signal.addEventListener('abort', () => peer.close(), { once: true });
    peer.ontrack = ({ streams, track }) => events.onStream(streams[0] ?? new MediaStream([track]));
    peer.ondatachannel = ({ channel: dc }) => {
      if (dc.label === 'pointer' || dc.label === 'ink') return events.onChannel(dc.label, dc);
      if (dc.label !== 'control') return;
      control = dc;
      dc.onmessage = ({ data }) => {
        const message = parseControlMessage(data);
        if (!message) return;
        if (message.t === 'paused') events.onPaused(message.paused);
        else if (message.t === 'bye') done(message.reason === 'end' ? 'ended' : VERDICT[message.reason]);
        else if (message.t === 'offer') void answer(peer, message.sdp, 'peer').catch(() => undefined);
        else if (message.t === 'ice' && message.candidate)
          void peer.addIceCandidate(message.candidate).catch(() => undefined);
      };
      // The sharer closing its side cleanly reaches us here even when the broker is gone.
      dc.onclose = () => !signal.aborted && done('ended');
    };
    peer.onicecandidate = ({ candidate }) => {
      const init = candidate ? (candidate.toJSON() as CandidateInit) : null;
      if (peerLinkUp()) sendControl({ t: 'ice', candidate: init });
      else if (init) toBroker.add(init);
      else toBroker.flush();
    };
    peer.onconnectionstatechange = () => {
      const state = peer.connectionState;
      if (state === 'connected') {
        events.onEvent('peer-connected');
        void peer.getStats().then((report) => {
          const route = routeOf(report.values() as Iterable<{ id: string; type: string }>);
          if (route) events.onRoute(route);
        });
      } else if (state === 'disconnected') events.onEvent('peer-disconnected');
      else if (state === 'failed') events.onEvent('peer-failed');
    };
    return peer;
  }

  const signaling = startHelperSignaling(channel, link.sessionId, {
    async onOffer(offer) {
      // The sharer repeats its first offer when our joins cross it; a different one is an ICE restart.
      if (pc && (offer.sdp === pc.remoteDescription?.sdp || pc.signalingState !== 'stable')) return;
      events.onSharerName(offer.sharerName);
      if (pc) return void answer(pc, offer.sdp, 'broker').catch(() => undefined);
      clearInterval(retry);
      events.onEvent('offer');
      if (admittedEarly) events.onEvent('admitted');
      pc = createPeer(offer.iceServers, offer.iceTransportPolicy);
      try {
        const local = await answer(pc, offer.sdp, 'broker');
        const theirs = sdpFingerprint(offer.sdp);
        const ours = sdpFingerprint(local);
        if (theirs && ours) events.onCode(await verificationCode(link.key, theirs, ours));
      } catch {
        events.onEvent('peer-failed');
      }
    },
    onCandidates(candidates) {
      for (const candidate of candidates) {
        if (pc?.remoteDescription) void pc.addIceCandidate(candidate).catch(() => undefined);
        else pending.push(candidate);
      }
    },
    onAdmit: () => (pc ? events.onEvent('admitted') : (admittedEarly = true)),
    onDeny: (reason) => done(VERDICT[reason]),
    onEnd() {
      done('ended');
      pc?.close();
    },
    onWrongKey: () => done('wrong-key'),
  });

  // No retained signaling: the sharer only hears a join sent while it is listening, so say it again.
  const retry = setInterval(() => void signaling.join(who.name, who.resume), JOIN_RETRY_MS);
  void signaling.join(who.name, who.resume);

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
