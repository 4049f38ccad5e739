import { encodeControlMessage, parseControlMessage, type ControlMessage } from '../core/protocol/control.ts';
import type { CandidateInit, DenyReason } from '../core/protocol/signal.ts';
import { createBatcher } from '../core/batch.ts';
import { routeOf } from '../core/rtc-stats.ts';
import type { Route, ViewerConnection } from '../core/session/sharer-state.ts';
import type { Settings } from '../core/settings.ts';
import type { Offer } from '../core/signaling/sharer-signaling.ts';
import { sdpFingerprint, verificationCode } from '../core/verification.ts';

export interface ViewerPeerEvents {
  /** Over the broker: the first offer, and any later one while the peer link is down. */
  sendOffer(offer: Offer): void;
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
 * One helper's peer connection on the sharer's side. The sharer offers: it owns the media and the
 * data channels, so the helper page only receives (no camera prompt). The video sender carries no
 * track until the sharer lets the helper in (issue 3), and none while paused.
 */
export function createViewerPeer(
  stream: MediaStream,
  settings: Settings & { sharerName: string; key: Uint8Array<ArrayBuffer> },
  events: ViewerPeerEvents,
) {
  const rtcConfig = { iceServers: settings.iceServers, iceTransportPolicy: settings.iceTransportPolicy };
  const pc = new RTCPeerConnection(rtcConfig);
  const track = stream.getVideoTracks()[0] ?? null;
  const video = pc.addTransceiver('video', { direction: 'sendonly', streams: [stream] });
  // Text over smoothness while the network is tight (remote assist is about reading the screen).
  void video.sender
    .setParameters({ ...video.sender.getParameters(), degradationPreference: 'maintain-resolution' })
    .catch(() => undefined);
  // Pointer moves: a lost one must not hold up the next, so no order and no retransmits.
  const pointer = pc.createDataChannel('pointer', { ordered: false, maxRetransmits: 0 });
  const control = pc.createDataChannel('control', { ordered: true });
  // Strokes: begin, points, end, undo and clear must all arrive, in order (issue 4).
  const ink = pc.createDataChannel('ink', { ordered: true });
  let admitted = false;
  let paused = false;
  let closed = false;

  const peerLinkUp = () => control.readyState === 'open' && pc.connectionState === 'connected';
  const sendControl = (message: ControlMessage) => {
    if (control.readyState === 'open') control.send(encodeControlMessage(message));
  };
  const applyTrack = () =>
    void video.sender.replaceTrack(admitted && !paused ? track : null).catch(() => undefined);

  const offerOf = (sdp: string): Offer => ({ sdp, ...rtcConfig, sharerName: settings.sharerName });

  async function offer(iceRestart = false) {
    await pc.setLocalDescription(await pc.createOffer({ iceRestart }));
    const sdp = pc.localDescription?.sdp ?? '';
    // Once connected, renegotiation goes peer to peer and the broker is not needed (issue 3). When
    // the peer link is what broke, only the broker can carry it.
    if (iceRestart && peerLinkUp()) sendControl({ t: 'offer', sdp });
    else events.sendOffer(offerOf(sdp));
  }

  async function acceptAnswer(sdp: string) {
    if (pc.signalingState !== 'have-local-offer') return;
    const first = !pc.remoteDescription;
    await pc.setRemoteDescription({ type: 'answer', sdp });
    for (const candidate of pending.splice(0)) await pc.addIceCandidate(candidate).catch(() => undefined);
    const ours = sdpFingerprint(pc.localDescription?.sdp ?? '');
    const theirs = sdpFingerprint(sdp);
    if (first && ours && theirs) events.onCode(await verificationCode(settings.key, ours, theirs));
  }

  const pending: CandidateInit[] = [];
  async function addCandidate(candidate: CandidateInit | null) {
    if (!candidate) return;
    if (!pc.remoteDescription) pending.push(candidate);
    else await pc.addIceCandidate(candidate).catch(() => undefined);
  }

  pointer.onmessage = (message) => admitted && !paused && events.onPointerData(message.data);
  ink.onmessage = (message) => admitted && !paused && events.onInkData(message.data);
  control.onmessage = (message) => {
    const parsed = parseControlMessage(message.data);
    if (!parsed) return events.onDroppedControl();
    if (parsed.t === 'answer') void acceptAnswer(parsed.sdp).catch(() => undefined);
    else if (parsed.t === 'ice') void addCandidate(parsed.candidate);
    else events.onDroppedControl();
  };
  const toBroker = createBatcher<CandidateInit>((candidates) => events.sendCandidates(candidates));
  pc.onicecandidate = ({ candidate }) => {
    const init = candidate ? (candidate.toJSON() as CandidateInit) : null;
    if (peerLinkUp()) sendControl({ t: 'ice', candidate: init });
    else if (init) toBroker.add(init);
    else toBroker.flush();
  };

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
      events.onConnection('connected');
      void pc.getStats().then((report) => {
        const route = routeOf(report.values() as Iterable<{ id: string; type: string }>);
        if (route) events.onRoute(route);
      });
    } else if (state === 'disconnected' || state === 'failed') {
      // The network dropped: say so, and restart ICE if it does not come back by itself.
      events.onConnection('reconnecting');
      scheduleRestart(state === 'failed' ? 0 : RESTART_AFTER_MS);
    } else if (state === 'closed') events.onConnection('closed');
  };

  const sendFirstOffer = () => void offer().catch(() => events.onConnection('failed'));
  sendFirstOffer();

  return {
    /** The helper asked again (its join crossed our offer, or the offer was lost): offer again. */
    resendOffer() {
      const sdp = pc.localDescription?.sdp;
      if (pc.signalingState === 'have-local-offer' && sdp) {
        events.sendOffer(offerOf(sdp));
      }
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
