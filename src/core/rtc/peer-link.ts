import { sdpFingerprint } from '../crypto/verification.ts';
import { encodeControlMessage, parseControlMessage, type ControlMessage } from '../protocol/control.ts';
import type { CandidateInit } from '../protocol/signal.ts';
import type { FailureLog } from '../util/failures.ts';
import { createCandidateRoute } from './candidate-route.ts';
import { createRemoteCandidates } from './remote-candidates.ts';
import { createConnectWatch, DIAGNOSE_AFTER_MS, type ConnectProblem } from './connect-problem.ts';
import { routeOf, type Route } from './route.ts';
import type { Quality, QualitySide } from './quality.ts';
import { watchQuality } from './quality-watch.ts';

/** The part of `RTCPeerConnection` a peer link drives, so Node tests can use a fake. */
export type LinkConnection = Pick<
  RTCPeerConnection,
  | 'connectionState'
  | 'signalingState'
  | 'localDescription'
  | 'remoteDescription'
  | 'createOffer'
  | 'createAnswer'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'addIceCandidate'
  | 'getStats'
  | 'sctp'
  | 'close'
  | 'onicecandidate'
  | 'onicecandidateerror'
  | 'onconnectionstatechange'
>;

/** The part of `RTCDataChannel` the control channel needs. */
export type ControlChannel = Pick<RTCDataChannel, 'readyState' | 'send' | 'onmessage'>;

/** Control messages the link handles itself; the rest go to the role. */
type Negotiation = Extract<ControlMessage, { t: 'offer' | 'answer' | 'ice' }>;
export type RoleMessage = Exclude<ControlMessage, Negotiation>;

export interface PeerLinkOptions {
  /**
   * Who offers after the join. The sharer adds the video and restarts ICE, so it offers and only
   * takes answers; the helper only answers. A message for the other role is refused as garbage.
   */
  role: 'offerer' | 'answerer';
  /** Over the broker: what the peer link cannot carry because it is not up. */
  broker: {
    offer(sdp: string): void;
    answer(sdp: string): void;
    candidates(batch: CandidateInit[]): void;
  };
  onMessage(message: RoleMessage): void;
  /** A control message that did not parse, or was not for this role. */
  onDropped(): void;
  onConnection(state: RTCPeerConnectionState): void;
  onRoute(route: Route): void;
  /** Once connected, the connection's quality as read from this side, whenever it changes. */
  quality?: { side: QualitySide; onQuality(quality: Quality): void };
  /** Whether a TURN server is configured, for saying why a connection does not come. */
  turnConfigured?: boolean;
  /** Why it has not connected in time, in words a person can act on; `null` once it has. */
  onProblem?(problem: ConnectProblem | null): void;
  /** Called with the remote offer set, before the answer is made (the helper picks codecs here). */
  beforeAnswer?(): void;
  /** Our answer as it goes out, from the one our browser wrote (the helper mends Firefox's here). */
  answerAs?(sdp: string): string;
  failures: FailureLog;
}

/**
 * One peer connection and its `control` channel, the same on both sides: where a local candidate
 * goes (over the peer link once it is up, else batched to the broker), the other side's candidates
 * held until they can be added, renegotiation over whichever path is up, control messages parsed and
 * dispatched, and the route reported once connected and whenever ICE moves to another pair. Once connected, the broker is not needed
 * (docs/decisions/0005-peer-link-after-connect.md). After Trystero's `packages/core/src/peer.ts`:
 * one peer, the roles as thin layers over it.
 */
export function createPeerLink(pc: LinkConnection, options: PeerLinkOptions) {
  let control: ControlChannel | null = null;
  let trickling = false;
  /** The other side's certificate, once the code has been shown over it. */
  let pinned: string | null = null;
  /**
   * A renegotiation may not bring another certificate: the code the two people compared would no
   * longer be about this connection. Refused, and the link closed: the broker could carry one.
   */
  const sameCertificate = (sdp: string) => {
    if (pinned === null || sdpFingerprint(sdp) === pinned) return true;
    options.failures.report('certificate changed', new Error('a renegotiation named another certificate'));
    pc.close();
    options.onConnection('failed');
    return false;
  };
  const up = () => control?.readyState === 'open' && pc.connectionState === 'connected';
  const send = (message: ControlMessage): boolean => {
    if (control?.readyState !== 'open') return false;
    control.send(encodeControlMessage(message));
    return true;
  };

  const theirCandidates = createRemoteCandidates(() => pc);
  const ourCandidates = createCandidateRoute({
    peerLinkUp: up,
    peer: (candidate) => void send({ t: 'ice', candidate }),
    broker: (batch) => options.broker.candidates(batch),
  });
  const watch = createConnectWatch(options.turnConfigured ?? false);
  let diagnosis: ReturnType<typeof setTimeout> | undefined;
  let problem: ConnectProblem | null = null;
  /** If it has not connected by then, say why (and again whenever it drops and stays down). */
  const expectConnection = () => {
    if (diagnosis !== undefined || pc.connectionState === 'connected' || pc.connectionState === 'closed')
      return;
    diagnosis = setTimeout(() => {
      diagnosis = undefined;
      if (pc.connectionState === 'connected' || pc.connectionState === 'closed') return;
      problem = watch.diagnose();
      options.onProblem?.(problem);
    }, DIAGNOSE_AFTER_MS);
  };

  // Until our first offer or answer goes out, a candidate rides in it (see `carried`).
  pc.onicecandidate = ({ candidate }) => {
    watch.candidate((candidate as { type?: string | null } | null)?.type);
    if (trickling) ourCandidates.add(candidate ? (candidate.toJSON() as CandidateInit) : null);
  };
  pc.onicecandidateerror = (event) => {
    const { url, errorCode } = event as RTCPeerConnectionIceErrorEvent;
    watch.candidateError(url ?? '', errorCode);
  };

  /** Ends the quality watch, which starts on the first connect and sees itself through drops. */
  const closing = new AbortController();
  let watchingQuality = false;
  const startQuality = () => {
    if (watchingQuality || !options.quality) return;
    watchingQuality = true;
    const { side, onQuality } = options.quality;
    watchQuality(pc, side, onQuality, closing.signal, { failures: options.failures });
  };

  /** The ICE transport whose pair changes re-read the route (one per connection, with bundling). */
  let watchedIce: RTCIceTransport | null = null;
  const readRoute = () => {
    pc.getStats().then((report) => {
      const route = routeOf(report.values() as Iterable<{ id: string; type: string }>);
      if (route) options.onRoute(route);
    }, options.failures.as('read-route'));
  };

  pc.onconnectionstatechange = () => {
    const state = pc.connectionState;
    options.onConnection(state);
    if (state === 'disconnected' || state === 'failed') expectConnection();
    if (state === 'closed') {
      clearTimeout(diagnosis);
      closing.abort();
    }
    if (state !== 'connected') return;
    watch.connected();
    clearTimeout(diagnosis);
    diagnosis = undefined;
    if (problem !== null) {
      problem = null;
      options.onProblem?.(null);
    }
    readRoute();
    startQuality();
    // ICE keeps checking after it connects and moves to a better pair when one succeeds: through a
    // NAT the relay often answers first and the direct pair a moment later. Read the route again
    // then, or a direct connection would say "relayed" for good.
    const ice = pc.sctp?.transport.iceTransport;
    if (ice && ice !== watchedIce) {
      watchedIce = ice;
      ice.addEventListener('selectedcandidatepairchange', readRoute);
    }
  };

  /** An offer of ours: over the peer link once it is up; when the link itself is down, the broker. */
  async function offer(iceRestart = false) {
    await pc.setLocalDescription(await pc.createOffer({ iceRestart }));
    const sdp = pc.localDescription?.sdp ?? '';
    if (!(up() && send({ t: 'offer', sdp }))) options.broker.offer(sdp);
  }

  /** The other side's offer; the answer goes back the way the offer came. */
  async function acceptOffer(sdp: string, via: 'broker' | 'peer') {
    if (sdp === pc.remoteDescription?.sdp || !sameCertificate(sdp)) return;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    options.beforeAnswer?.();
    await pc.setLocalDescription(await pc.createAnswer());
    const ours = pc.localDescription?.sdp ?? '';
    const answer = options.answerAs?.(ours) ?? ours;
    if (!(via === 'peer' && send({ t: 'answer', sdp: answer }))) options.broker.answer(answer);
  }

  /** The answer to one of our offers; a stale or repeated one is ignored. */
  async function acceptAnswer(sdp: string) {
    if (pc.signalingState !== 'have-local-offer' || !sameCertificate(sdp)) return;
    await pc.setRemoteDescription({ type: 'answer', sdp });
  }

  const onControlData = (data: unknown) => {
    const message = parseControlMessage(data);
    if (!message) return options.onDropped();
    switch (message.t) {
      case 'ice':
        return theirCandidates.add(message.candidate);
      case 'offer':
        if (options.role !== 'answerer') return options.onDropped();
        return void acceptOffer(message.sdp, 'peer').catch(options.failures.as('answer-over-peer'));
      case 'answer':
        if (options.role !== 'offerer') return options.onDropped();
        return void acceptAnswer(message.sdp).catch(options.failures.as('accept-answer'));
      default:
        return options.onMessage(message);
    }
  };

  return {
    pc,
    up,
    send,
    attachControl(channel: ControlChannel) {
      control = channel;
      channel.onmessage = ({ data }) => onControlData(data);
    },
    /** Our first offer or answer is on its way with the candidates it carries: trickle the rest. */
    carried(sdp: string) {
      ourCandidates.carried(sdp);
      trickling = true;
    },
    /** The other side's certificate, read from the description the code was computed over. */
    pin(remoteSdp: string) {
      pinned = sdpFingerprint(remoteSdp);
    },
    /** Our answer or the join's offer is out: the connection should come now. */
    expectConnection,
    offer,
    acceptOffer,
    acceptAnswer,
    addCandidate: (candidate: CandidateInit | null) => theirCandidates.add(candidate),
    /** See `createRemoteCandidates`: hold the other side's candidates, then add them. */
    holdCandidatesFrom: (sdp: string) => theirCandidates.holdFrom(sdp),
    flushCandidates: () => theirCandidates.flush(),
    close() {
      clearTimeout(diagnosis);
      closing.abort();
      pc.close();
    },
  };
}
export type PeerLink = ReturnType<typeof createPeerLink>;
