import { encodeControlMessage, parseControlMessage, type ControlMessage } from '../core/protocol/control.ts';
import type { CandidateInit, DenyReason } from '../core/protocol/signal.ts';
import { createCandidateRoute } from '../core/rtc/candidate-route.ts';
import { firstCandidates } from '../core/rtc/first-candidates.ts';
import { firstContact } from '../core/rtc/first-contact.ts';
import { createRemoteCandidates } from '../core/rtc/remote-candidates.ts';
import { routeOf } from '../core/rtc/route.ts';
import type { Route } from '../core/rtc/route.ts';
import type { ViewerConnection } from '../core/session/sharer-state.ts';
import type { Settings } from '../core/session/settings.ts';
import { verificationCodeOf } from '../core/crypto/verification.ts';

export interface ViewerPeerEvents {
  /** Over the broker: the answer to the join's offer. */
  sendAnswer(sdp: string): void;
  /** Over the broker: an ICE restart while the peer link is down. */
  sendOffer(sdp: string): void;
  sendCandidates(candidates: CandidateInit[]): void;
  onCode(code: string): void;
  onConnection(state: ViewerConnection | 'failed' | 'closed'): void;
  onRoute(route: Route): void;
  onPointerData(data: unknown): void;
  onInkData(data: unknown): void;
  onDroppedControl(): void;
}

/** How long a connection may stay `disconnected` before we restart ICE rather than wait. */
const RESTART_AFTER_MS = 3000;
/** While the path stays down, try again this often (a restart gathers nothing while it is down). */
const RESTART_RETRY_MS = 5000;

/**
 * One helper's peer connection on the sharer's side. The helper offers (its join carries the offer:
 * one broker round trip fewer, issue 5) with the data channels only; the sharer answers, then adds
 * the video line over the control channel. The video sender carries no track until the sharer lets
 * the helper in (issue 3), and none while paused.
 *
 * It is built before anyone joins, with its candidates already gathered into a pool, so a join waits
 * on no certificate and no gathering (Trystero keeps an offer pool for the same reason).
 */
export function createViewerPeer(stream: MediaStream, settings: Settings & { key: Uint8Array<ArrayBuffer> }) {
  let events: ViewerPeerEvents | null = null;
  const rtcConfig = { iceServers: settings.iceServers, iceTransportPolicy: settings.iceTransportPolicy };
  const pc = new RTCPeerConnection({ ...rtcConfig, iceCandidatePoolSize: 1 });
  const track = stream.getVideoTracks()[0] ?? null;
  let video: RTCRtpTransceiver | null = null;
  let control: RTCDataChannel | null = null;
  let admitted = false;
  let paused = false;
  let closed = false;

  const peerLinkUp = () => control?.readyState === 'open' && pc.connectionState === 'connected';
  const sendControl = (message: ControlMessage) => {
    if (control?.readyState === 'open') control.send(encodeControlMessage(message));
  };
  const applyTrack = () =>
    void video?.sender.replaceTrack(admitted && !paused ? track : null).catch(() => undefined);

  /** An offer of ours: the video line once the peer link is up, or an ICE restart. */
  async function offer(iceRestart = false) {
    await pc.setLocalDescription(await pc.createOffer({ iceRestart }));
    const sdp = pc.localDescription?.sdp ?? '';
    // Once connected, renegotiation goes peer to peer and the broker is not needed (issue 3). When
    // the peer link is what broke, only the broker can carry it.
    if (peerLinkUp()) sendControl({ t: 'offer', sdp });
    else events?.sendOffer(sdp);
  }

  async function answerJoin(offer: string) {
    // The helper's candidates wait until it has our answer (see firstContact). Not with the relay
    // forced: the TURN server passes the helper's checks on only once we add its candidates.
    const hold = settings.iceTransportPolicy !== 'relay';
    await pc.setRemoteDescription({ type: 'offer', sdp: hold ? theirCandidates.holdFrom(offer) : offer });
    await pc.setLocalDescription(await pc.createAnswer());
    // The pooled candidates come out at once, in one burst: sent with them, the helper can check
    // straight away.
    await firstCandidates(pc);
    const sdp = pc.localDescription?.sdp ?? '';
    ourCandidates.carried(sdp);
    events?.sendAnswer(sdp);
    if (hold) await firstContact(pc);
    await theirCandidates.flush();
    const code = await verificationCodeOf(settings.key, sdp, offer);
    if (code) events?.onCode(code);
  }

  /**
   * The join's offer carries only the data channels, so the set-up the helper waits on is as light
   * as Trystero's (issue 5: a video line cost the sharer ~17 ms of SDP work in a trace, and most of
   * the set-up's bytes). Once the control channel is open, the video line is added peer to peer,
   * while the helper waits for Allow; its sender still has no track until then.
   */
  async function addVideo() {
    if (video || closed) return;
    video = pc.addTransceiver('video', { direction: 'sendonly', streams: [stream] });
    // Text over smoothness while the network is tight (remote assist is about reading the screen).
    await video.sender
      .setParameters({ ...video.sender.getParameters(), degradationPreference: 'maintain-resolution' })
      .catch(() => undefined);
    applyTrack();
    await offer();
  }

  /** The answer to one of our offers. */
  async function acceptAnswer(sdp: string) {
    if (pc.signalingState !== 'have-local-offer') return;
    await pc.setRemoteDescription({ type: 'answer', sdp });
  }

  const theirCandidates = createRemoteCandidates(() => pc);
  const addCandidate = (candidate: CandidateInit | null) => theirCandidates.add(candidate);

  const onControl = (data: unknown) => {
    const parsed = parseControlMessage(data);
    if (!parsed) return events?.onDroppedControl();
    if (parsed.t === 'answer') void acceptAnswer(parsed.sdp).catch(() => undefined);
    else if (parsed.t === 'ice') addCandidate(parsed.candidate);
    else events?.onDroppedControl();
  };
  // The helper opens the channels; anything else it opens is closed. Pointer and ink count only from
  // a helper let in, and not while paused.
  pc.ondatachannel = ({ channel }) => {
    if (channel.label === 'pointer')
      channel.onmessage = ({ data }) => admitted && !paused && events?.onPointerData(data);
    else if (channel.label === 'ink')
      channel.onmessage = ({ data }) => admitted && !paused && events?.onInkData(data);
    else if (channel.label === 'control') {
      control = channel;
      channel.onmessage = ({ data }) => onControl(data);
      const withVideo = () => void addVideo().catch(() => events?.onConnection('failed'));
      if (channel.readyState === 'open') withVideo();
      else channel.onopen = withVideo;
    } else channel.close();
  };
  const ourCandidates = createCandidateRoute({
    peerLinkUp,
    peer: (candidate) => sendControl({ t: 'ice', candidate }),
    broker: (batch) => events?.sendCandidates(batch),
  });
  pc.onicecandidate = ({ candidate }) =>
    ourCandidates.add(candidate ? (candidate.toJSON() as CandidateInit) : null);

  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRestart = (delay: number) => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(async () => {
      if (closed || pc.connectionState === 'connected') return;
      // An earlier restart whose answer never came: take it back and offer afresh.
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      }
      await offer(true).catch(() => undefined);
      scheduleRestart(RESTART_RETRY_MS);
    }, delay);
  };
  pc.onconnectionstatechange = () => {
    const state = pc.connectionState;
    clearTimeout(restartTimer);
    if (state === 'connected') {
      events?.onConnection('connected');
      void pc.getStats().then((report) => {
        const route = routeOf(report.values() as Iterable<{ id: string; type: string }>);
        if (route) events?.onRoute(route);
      });
    } else if (state === 'disconnected' || state === 'failed') {
      // The network dropped: say so, and restart ICE if it does not come back by itself.
      events?.onConnection('reconnecting');
      scheduleRestart(state === 'failed' ? 0 : RESTART_AFTER_MS);
    } else if (state === 'closed') events?.onConnection('closed');
  };

  return {
    /** Hands this peer to the helper whose join carried `offer`, and answers it. */
    start(offer: string, handlers: ViewerPeerEvents) {
      events = handlers;
      answerJoin(offer).catch(() => handlers.onConnection('failed'));
    },
    /** The helper asked again (its join crossed our answer, or the answer was lost): answer again. */
    resendAnswer() {
      const local = pc.localDescription;
      if (local?.type === 'answer') events?.sendAnswer(local.sdp);
    },
    acceptAnswer,
    addCandidate,
    admit() {
      admitted = true;
      applyTrack();
    },
    setPaused(value: boolean) {
      paused = value;
      applyTrack();
      sendControl({ t: 'paused', paused: value });
    },
    /** Says why over the peer link first (it arrives before the close), then closes. */
    async close(reason?: DenyReason | 'end') {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      if (reason) {
        sendControl({ t: 'bye', reason });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      pc.close();
    },
  };
}
export type ViewerPeer = ReturnType<typeof createViewerPeer>;
