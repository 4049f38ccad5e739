import type { DenyReason, CandidateInit } from '../core/protocol/signal.ts';
import { verificationCodeOf } from '../core/crypto/verification.ts';
import { firstCandidates } from '../core/rtc/first-candidates.ts';
import { firstContact } from '../core/rtc/first-contact.ts';
import { hasTurn, type ConnectProblem } from '../core/rtc/connect-problem.ts';
import { createPeerLink } from '../core/rtc/peer-link.ts';
import type { Quality } from '../core/rtc/quality.ts';
import type { Route } from '../core/rtc/route.ts';
import type { HelperConnection } from '../core/session/sharer-state.ts';
import type { Settings } from '../core/session/settings.ts';
import { failures } from '../core/util/failures.ts';

export interface PeerToHelperEvents {
  /** Over the broker: the answer to the join's offer. */
  sendAnswer(sdp: string): void;
  /** Over the broker: an ICE restart while the peer link is down. */
  sendOffer(sdp: string): void;
  sendCandidates(candidates: CandidateInit[]): void;
  onCode(code: string): void;
  onConnection(state: HelperConnection | 'failed' | 'closed'): void;
  onRoute(route: Route): void;
  /** How well the picture reaches the helper, whenever that changes (see core/rtc/quality). */
  onQuality(quality: Quality): void;
  /** Why the connection has not come, or `null` once it has (see core/rtc/connect-problem). */
  onProblem(problem: ConnectProblem | null): void;
  /** The helper shows the ticket it was given after Allow, over this new peer link. */
  onRejoin(ticket: string): void;
  onPointerData(data: unknown): void;
  onInkData(data: unknown): void;
  onDroppedControl(): void;
}

/** How long a connection may stay `disconnected` before we restart ICE rather than wait. */
const RESTART_AFTER_MS = 3000;
/** While the path stays down, try again this often (a restart gathers nothing while it is down). */
const RESTART_RETRY_MS = 5000;

/**
 * The sharer's side of one helper's peer link. The helper offers with the data channels only (its
 * join carries the offer: docs/decisions/0003-join-carries-offer.md); the sharer answers, then adds
 * the video line over the control channel (docs/decisions/0007-data-channels-only-join.md).
 * Whether the video sender carries the track is the session's decision (`setVideo`): it holds none
 * of the session's state, so a helper is let in and paused in one step, never shown in between.
 *
 * It is built before anyone joins, with its candidates already gathered into a pool, so a join waits
 * on no certificate and no gathering (docs/decisions/0008-spare-peer-and-early-peer.md).
 */
export function createPeerToHelper(
  stream: MediaStream,
  settings: Settings & { key: Uint8Array<ArrayBuffer> },
) {
  let events: PeerToHelperEvents | null = null;
  const rtcConfig = { iceServers: settings.iceServers, iceTransportPolicy: settings.iceTransportPolicy };
  const pc = new RTCPeerConnection({ ...rtcConfig, iceCandidatePoolSize: 1 });
  const track = stream.getVideoTracks()[0] ?? null;
  const soundTrack = stream.getAudioTracks()[0] ?? null;
  let video: RTCRtpTransceiver | null = null;
  let sound: RTCRtpTransceiver | null = null;
  let showing = false;
  let closed = false;
  /** A ticket given before the control channel opened goes out when it does. */
  let ticket: string | null = null;
  const sendTicket = () => {
    if (ticket !== null && link.send({ t: 'ticket', ticket })) ticket = null;
  };

  const link = createPeerLink(pc, {
    role: 'offerer',
    broker: {
      offer: (sdp) => events?.sendOffer(sdp),
      answer: (sdp) => events?.sendAnswer(sdp),
      candidates: (batch) => events?.sendCandidates(batch),
    },
    // A helper has nothing else to tell the sharer over the control channel.
    onMessage: (message) =>
      message.t === 'rejoin' ? events?.onRejoin(message.ticket) : events?.onDroppedControl(),
    onDropped: () => events?.onDroppedControl(),
    onConnection,
    onRoute: (route) => events?.onRoute(route),
    quality: { side: 'sharer', onQuality: (quality) => events?.onQuality(quality) },
    turnConfigured: hasTurn(settings.iceServers),
    onProblem: (problem) => events?.onProblem(problem),
    failures,
  });

  // The sound follows the picture: who may not see the tab may not hear it either.
  const applyVideo = async () => {
    await Promise.all([
      video?.sender.replaceTrack(showing ? track : null),
      sound?.sender.replaceTrack(showing ? soundTrack : null),
    ]);
  };

  async function answerJoin(offer: string) {
    // The helper's candidates wait until it has our answer (see firstContact). Not with the relay
    // forced: the TURN server passes the helper's checks on only once we add its candidates
    // (docs/decisions/0009-candidate-hold-and-first-contact.md).
    const hold = settings.iceTransportPolicy !== 'relay';
    await pc.setRemoteDescription({ type: 'offer', sdp: hold ? link.holdCandidatesFrom(offer) : offer });
    await pc.setLocalDescription(await pc.createAnswer());
    // The pooled candidates come out at once, in one burst: sent with them, the helper can check
    // straight away.
    await firstCandidates(pc);
    const sdp = pc.localDescription?.sdp ?? '';
    link.carried(sdp);
    events?.sendAnswer(sdp);
    link.expectConnection();
    if (hold) await firstContact(pc);
    await link.flushCandidates();
    const code = await verificationCodeOf(settings.key, sdp, offer);
    // No single certificate on either side: nothing the two people could compare would bind it.
    if (!code) throw new Error('no single DTLS certificate to show a code for');
    link.pin(offer);
    events?.onCode(code);
  }

  /**
   * The join's offer carries only the data channels, so the set-up the helper waits on stays light;
   * once the control channel is open, the video line is added peer to peer while the helper waits
   * for Allow. Its sender has no track until the session shows it.
   */
  async function addVideo() {
    if (video || closed) return;
    video = pc.addTransceiver('video', { direction: 'sendonly', streams: [stream] });
    if (soundTrack) sound = pc.addTransceiver('audio', { direction: 'sendonly', streams: [stream] });
    // Text over smoothness while the network is tight (remote assist is about reading the screen;
    // docs/decisions/0016-vp8-first-text-over-smoothness.md).
    await video.sender
      .setParameters({ ...video.sender.getParameters(), degradationPreference: 'maintain-resolution' })
      .catch(failures.as('set-degradation-preference'));
    await applyVideo();
    await link.offer();
  }

  // The helper opens the channels; anything else it opens is closed.
  pc.ondatachannel = ({ channel }) => {
    if (channel.label === 'pointer') channel.onmessage = ({ data }) => events?.onPointerData(data);
    else if (channel.label === 'ink') channel.onmessage = ({ data }) => events?.onInkData(data);
    else if (channel.label === 'control') {
      link.attachControl(channel);
      const opened = () => {
        sendTicket();
        void addVideo().catch(() => events?.onConnection('failed'));
      };
      if (channel.readyState === 'open') opened();
      else channel.onopen = opened;
    } else channel.close();
  };

  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRestart = (delay: number) => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(async () => {
      if (closed || pc.connectionState === 'connected') return;
      // An earlier restart whose answer never came: take it back and offer afresh.
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(failures.as('rollback-restart'));
      }
      await link.offer(true).catch(failures.as('restart-ice'));
      scheduleRestart(RESTART_RETRY_MS);
    }, delay);
  };
  function onConnection(state: RTCPeerConnectionState) {
    clearTimeout(restartTimer);
    if (state === 'connected') events?.onConnection('connected');
    else if (state === 'disconnected' || state === 'failed') {
      // The network dropped: say so, and restart ICE if it does not come back by itself.
      events?.onConnection('reconnecting');
      scheduleRestart(state === 'failed' ? 0 : RESTART_AFTER_MS);
    } else if (state === 'closed') events?.onConnection('closed');
  }

  return {
    /** Hands this peer to the helper whose join carried `offer`, and answers it. */
    start(offer: string, handlers: PeerToHelperEvents) {
      events = handlers;
      answerJoin(offer).catch(() => handlers.onConnection('failed'));
    },
    /** The helper asked again (its join crossed our answer, or the answer was lost): answer again. */
    resendAnswer() {
      const local = pc.localDescription;
      if (local?.type === 'answer') events?.sendAnswer(local.sdp);
    },
    acceptAnswer: link.acceptAnswer,
    addCandidate: link.addCandidate,
    /** Whether the helper gets the picture; rejects if the browser could not change it. */
    setVideo(show: boolean): Promise<void> {
      showing = show;
      return applyVideo();
    },
    /** The ticket this helper may come back with after a reload (see session/admission.ts). */
    sendTicket(value: string) {
      ticket = value;
      sendTicket();
    },
    /** Tells the helper's page, which shows its own "paused" over the last frame. */
    tellPaused: (paused: boolean) => void link.send({ t: 'paused', paused }),
    /** Says why over the peer link first (it arrives before the close), then closes. */
    async close(reason?: DenyReason | 'end') {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      if (reason && link.send({ t: 'bye', reason })) await new Promise((resolve) => setTimeout(resolve, 100));
      link.close();
    },
  };
}
export type PeerToHelper = ReturnType<typeof createPeerToHelper>;
