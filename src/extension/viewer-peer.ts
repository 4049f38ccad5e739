import type { CandidateInit } from '../core/protocol/signal.ts';
import type { Offer } from '../core/signaling/sharer-signaling.ts';
import type { Settings } from '../core/settings.ts';
import type { ViewerConnection } from '../core/session/sharer-state.ts';

export interface ViewerPeerEvents {
  sendOffer(offer: Offer): void;
  sendCandidate(candidate: CandidateInit | null): void;
  onConnection(state: ViewerConnection | 'failed' | 'closed'): void;
  onPointerData(data: unknown): void;
}

/**
 * One helper's peer connection on the sharer's side. The sharer offers: it owns the media and
 * creates the data channels, so the helper page only ever receives (no camera prompt).
 */
export function createViewerPeer(stream: MediaStream, settings: Settings, events: ViewerPeerEvents) {
  const rtcConfig = { iceServers: settings.iceServers, iceTransportPolicy: settings.iceTransportPolicy };
  const pc = new RTCPeerConnection(rtcConfig);
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  // Pointer moves: a lost one must not hold up the next (issue 2, step 7), so no order, no retransmits.
  const pointer = pc.createDataChannel('pointer', { ordered: false, maxRetransmits: 0 });
  pointer.onmessage = (message) => events.onPointerData(message.data);

  const pending: CandidateInit[] = [];
  pc.onicecandidate = ({ candidate }) =>
    events.sendCandidate(candidate ? (candidate.toJSON() as CandidateInit) : null);
  pc.onconnectionstatechange = () => {
    const state = pc.connectionState;
    if (state === 'connected') events.onConnection('connected');
    else if (state === 'disconnected') events.onConnection('reconnecting');
    else if (state === 'failed' || state === 'closed') events.onConnection(state);
  };

  const offer = (async () => {
    await pc.setLocalDescription(await pc.createOffer());
    return { sdp: pc.localDescription?.sdp ?? '', ...rtcConfig } satisfies Offer;
  })();
  const sendOffer = () => void offer.then(events.sendOffer, () => events.onConnection('failed'));
  sendOffer();

  return {
    /** The helper asked again (its join crossed our offer, or the offer was lost): same offer again. */
    resendOffer: () => pc.signalingState === 'have-local-offer' && sendOffer(),
    async acceptAnswer(sdp: string) {
      if (pc.signalingState !== 'have-local-offer') return;
      await pc.setRemoteDescription({ type: 'answer', sdp });
      for (const candidate of pending.splice(0)) await pc.addIceCandidate(candidate).catch(() => undefined);
    },
    async addCandidate(candidate: CandidateInit | null) {
      if (!candidate) return;
      if (!pc.remoteDescription) pending.push(candidate);
      else await pc.addIceCandidate(candidate).catch(() => undefined);
    },
    close: () => pc.close(),
  };
}
export type ViewerPeer = ReturnType<typeof createViewerPeer>;
