import { randomId } from '../core/util/bytes.ts';
import { importSessionKey } from '../core/crypto/session-key.ts';
import type { SessionLink } from '../core/protocol/link.ts';
import { encodeControlMessage, parseControlMessage, type ControlMessage } from '../core/protocol/control.ts';
import type { CandidateInit, DenyReason } from '../core/protocol/signal.ts';
import { createCandidateRoute } from '../core/rtc/candidate-route.ts';
import { createRemoteCandidates } from '../core/rtc/remote-candidates.ts';
import { helperVideoCodecs } from '../core/rtc/video-codecs.ts';
import { routeOf } from '../core/rtc/route.ts';
import { JOIN_RETRY_MS, type HelperEvent } from '../core/session/helper-state.ts';
import type { Route } from '../core/rtc/route.ts';
import { startHelperSignaling } from '../core/signaling/helper-signaling.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import type { Transport } from '../core/signaling/transport.ts';
import { verificationCodeOf } from '../core/crypto/verification.ts';
import {
  createHelperPeer,
  NO_SERVERS,
  sameIce,
  takeEarlyPeer,
  type HelperPeer,
  type Ice,
} from './helper-peer.ts';

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
 * Joins a share: meets the sharer on the broker with an offer, takes its answer, waits to be let in
 * and receives the stream. Each call is a fresh helper id; `resume` (kept across reloads) lets the sharer
 * recognise the same person. Abort the signal to leave.
 */
export async function joinSession(
  link: SessionLink,
  who: { name: string; resume: string },
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
  const theirCandidates = createRemoteCandidates(() => peer.pc);
  const ourCandidates = createCandidateRoute({
    peerLinkUp: () => peer.control.readyState === 'open' && peer.pc.connectionState === 'connected',
    peer: (candidate) => sendControl({ t: 'ice', candidate }),
    broker: (batch) => void signaling.sendCandidates(batch),
  });
  const done = (event: HelperEvent) => {
    clearInterval(retry);
    events.onEvent(event);
  };
  // The key, the peer connection and its offer are made while the broker connects (issue 5,
  // connect time), for the default of no ICE servers; the first join takes the peer the page
  // started as it loaded. A link that says the sharer set some waits for them in the status record
  // and builds the peer again with those.
  const key = importSessionKey(link.key);
  let peer: HelperPeer;
  try {
    peer = wire(takeEarlyPeer(link.sessionId) ?? createHelperPeer(NO_SERVERS));
  } catch {
    return events.onEvent('peer-failed');
  }
  const transport = await (connected ?? connectMqtt(link.brokerUrl).catch(() => null));
  if (signal.aborted) return transport?.close();
  if (!transport) {
    peer.pc.close();
    return events.onEvent('broker-failed');
  }
  events.onEvent('broker-connected');
  const channel = createSecureChannel({ transport, key: await key, selfId: randomId() });

  const sendControl = (message: ControlMessage) => {
    if (peer.control.readyState === 'open') peer.control.send(encodeControlMessage(message));
  };

  /**
   * An offer from the sharer, once the peer link is up: first the video line (the join's offer has
   * only the data channels), later ICE restarts, over the peer link or, while it is down, the broker.
   */
  async function answerOffer(sdp: string, via: 'broker' | 'peer') {
    const { pc } = peer;
    if (sdp === pc.remoteDescription?.sdp) return;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    // Receive only (the page never asks for a camera), in the codecs it prefers.
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.receiver.track.kind !== 'video' || transceiver.currentDirection) continue;
      transceiver.direction = 'recvonly';
      const codecs = RTCRtpReceiver.getCapabilities?.('video')?.codecs;
      if (codecs && 'setCodecPreferences' in transceiver)
        transceiver.setCodecPreferences(helperVideoCodecs(codecs));
    }
    await pc.setLocalDescription(await pc.createAnswer());
    const local = pc.localDescription?.sdp ?? '';
    if (via === 'peer') sendControl({ t: 'answer', sdp: local });
    else await signaling.sendAnswer(local);
  }

  function wire(prepared: HelperPeer) {
    const { pc, control } = prepared;
    signal.addEventListener('abort', () => pc.close(), { once: true });
    pc.ontrack = ({ streams, track }) => events.onStream(streams[0] ?? new MediaStream([track]));
    control.onmessage = ({ data }) => {
      const message = parseControlMessage(data);
      if (!message) return;
      if (message.t === 'paused') events.onPaused(message.paused);
      else if (message.t === 'bye') done(message.reason === 'end' ? 'ended' : VERDICT[message.reason]);
      else if (message.t === 'offer') void answerOffer(message.sdp, 'peer').catch(() => undefined);
      else if (message.t === 'ice') theirCandidates.add(message.candidate);
    };
    // The sharer closing its side cleanly reaches us here even when the broker is gone.
    control.onclose = () => answered && peer.pc === pc && !signal.aborted && done('ended');
    pc.onicecandidate = ({ candidate }) => {
      // Before the join, a candidate is in the local description, which is what the join carries.
      if (!joined || peer.pc !== pc) return;
      ourCandidates.add(candidate ? (candidate.toJSON() as CandidateInit) : null);
    };
    pc.onconnectionstatechange = () => {
      const state = pc.connectionState;
      if (state === 'connected') {
        events.onEvent('peer-connected');
        void pc.getStats().then((report) => {
          const route = routeOf(report.values() as Iterable<{ id: string; type: string }>);
          if (route) events.onRoute(route);
        });
      } else if (state === 'disconnected') events.onEvent('peer-disconnected');
      else if (state === 'failed') events.onEvent('peer-failed');
    };
    return prepared;
  }

  async function join(ice: Ice) {
    if (joined) return;
    joined = true;
    if (!sameIce(peer.ice, ice)) {
      peer.pc.close();
      peer = wire(createHelperPeer(ice));
    }
    await peer.offered;
    // Read now, not when the offer was set: an early peer may have gathered more since.
    const offer = peer.pc.localDescription?.sdp ?? '';
    ourCandidates.carried(offer);
    events.onChannel('pointer', peer.pointer);
    events.onChannel('ink', peer.ink);
    // No retained signaling: the sharer only hears a join sent while it is listening, so say it again.
    const send = () => void signaling.join(who.name, who.resume, offer);
    retry = setInterval(send, JOIN_RETRY_MS);
    send();
    // For the benchmark's "offer sent -> ICE connected", and for anyone profiling in DevTools.
    performance.mark('lookover:offer-sent');
  }

  const signaling = startHelperSignaling(channel, link.sessionId, {
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
        await theirCandidates.flush();
        const code = await verificationCodeOf(link.key, sdp, pc.localDescription?.sdp ?? '');
        if (code) events.onCode(code);
      } catch {
        events.onEvent('peer-failed');
      }
    },
    onOffer: (sdp) => void (answered && answerOffer(sdp, 'broker').catch(() => undefined)),
    onCandidates: (candidates) => candidates.forEach(theirCandidates.add),
    onAdmit: () => (answered ? events.onEvent('admitted') : (admittedEarly = true)),
    onDeny: (reason) => done(VERDICT[reason]),
    onEnd() {
      done('ended');
      peer.pc.close();
    },
    onWrongKey: () => done('wrong-key'),
  });

  const joinOrFail = (ice: Ice) =>
    void join(ice).catch(() => {
      peer.pc.close();
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
