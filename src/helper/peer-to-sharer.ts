import type { RoleMessage } from '../core/rtc/peer-link.ts';
import { hasTurn, type ConnectProblem } from '../core/rtc/connect-problem.ts';
import { createPeerLink } from '../core/rtc/peer-link.ts';
import type { Quality } from '../core/rtc/quality.ts';
import type { Route } from '../core/rtc/route.ts';
import { withoutStrayCodecLines } from '../core/rtc/stray-codec-lines.ts';
import { helperVideoCodecs } from '../core/rtc/video-codecs.ts';
import type { CandidateInit } from '../core/protocol/signal.ts';
import { failures } from '../core/util/failures.ts';
import type { HelperPeer } from './helper-peer.ts';

export interface PeerToSharerEvents {
  /** Over the broker, while the peer link is down. */
  sendAnswer(sdp: string): void;
  sendCandidates(candidates: CandidateInit[]): void;
  onMessage(message: RoleMessage): void;
  onConnection(state: RTCPeerConnectionState): void;
  onRoute(route: Route): void;
  onQuality(quality: Quality): void;
  onProblem(problem: ConnectProblem | null): void;
  onStream(stream: MediaStream): void;
  /** The control channel closed: the sharer closed its side, which reaches us even with no broker. */
  onControlClosed(): void;
}

/**
 * The helper's side of the peer link to the sharer, on a peer made ahead (see helper-peer.ts). The
 * helper only answers: the sharer adds the video line and restarts ICE.
 */
export function peerToSharer(prepared: HelperPeer, events: PeerToSharerEvents) {
  const { pc, control } = prepared;
  const link = createPeerLink(pc, {
    role: 'answerer',
    broker: {
      // The helper never offers after its join; an offer of its own would have nowhere to go.
      offer: () => undefined,
      answer: (sdp) => events.sendAnswer(sdp),
      candidates: (batch) => events.sendCandidates(batch),
    },
    onMessage: (message) => events.onMessage(message),
    // Garbage from the sharer is ignored: the sharer is the one party the helper trusts here.
    onDropped: () => failures.report('control-from-sharer', new Error('unparsable control message')),
    onConnection: (state) => events.onConnection(state),
    onRoute: (route) => events.onRoute(route),
    quality: { side: 'helper', onQuality: (quality) => events.onQuality(quality) },
    turnConfigured: hasTurn(prepared.ice.iceServers),
    onProblem: (problem) => events.onProblem(problem),
    beforeAnswer() {
      // Receive only (the page never asks for a camera), in the codecs it prefers.
      for (const transceiver of pc.getTransceivers()) {
        if (transceiver.receiver.track.kind !== 'video' || transceiver.currentDirection) continue;
        transceiver.direction = 'recvonly';
        const codecs = RTCRtpReceiver.getCapabilities?.('video')?.codecs;
        if (codecs && 'setCodecPreferences' in transceiver)
          transceiver.setCodecPreferences(helperVideoCodecs(codecs));
      }
    },
    // Firefox keeps lines for the codecs left out above, and Chrome refuses an answer with them.
    answerAs: withoutStrayCodecLines,
    failures,
  });
  link.attachControl(control);
  control.onclose = () => events.onControlClosed();
  pc.ontrack = ({ streams, track }) => events.onStream(streams[0] ?? new MediaStream([track]));
  return { ...link, prepared };
}
export type PeerToSharer = ReturnType<typeof peerToSharer>;
