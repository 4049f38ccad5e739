import { randomId } from '../core/bytes.ts';
import { importSessionKey } from '../core/crypto.ts';
import type { SessionLink } from '../core/link.ts';
import type { CandidateInit } from '../core/protocol/signal.ts';
import { JOIN_RETRY_MS, type HelperEvent } from '../core/session/helper-state.ts';
import { startHelperSignaling } from '../core/signaling/helper-signaling.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';

export interface JoinEvents {
  onEvent(event: HelperEvent): void;
  onStream(stream: MediaStream): void;
  onPointerChannel(channel: RTCDataChannel): void;
}

/**
 * Joins a share: meets the sharer on the broker, answers its offer and receives the stream. Each
 * call is a fresh helper id (a retry or a reload is a new helper); abort the signal to leave.
 */
export async function joinSession(link: SessionLink, name: string, events: JoinEvents, signal: AbortSignal) {
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
  const pending: CandidateInit[] = [];

  const signaling = startHelperSignaling(channel, link.sessionId, {
    async onOffer(offer) {
      // The sharer repeats its offer when our joins cross it: answer only the first.
      if (pc) return;
      clearInterval(retry);
      events.onEvent('offer');
      pc = new RTCPeerConnection({
        iceServers: offer.iceServers,
        iceTransportPolicy: offer.iceTransportPolicy,
      });
      const peer = pc;
      signal.addEventListener('abort', () => peer.close(), { once: true });
      peer.ontrack = ({ streams, track }) => events.onStream(streams[0] ?? new MediaStream([track]));
      peer.ondatachannel = ({ channel: dc }) => {
        if (dc.label !== 'pointer') return;
        events.onPointerChannel(dc);
        // The sharer closing its side cleanly reaches us here even when the broker is gone.
        dc.addEventListener('close', () => events.onEvent('ended'));
      };
      peer.onicecandidate = ({ candidate }) =>
        void signaling.sendCandidate(candidate ? (candidate.toJSON() as CandidateInit) : null);
      peer.onconnectionstatechange = () => {
        const state = peer.connectionState;
        if (state === 'connected') events.onEvent('peer-connected');
        else if (state === 'disconnected') events.onEvent('peer-disconnected');
        else if (state === 'failed') events.onEvent('peer-failed');
      };
      try {
        await peer.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
        await peer.setLocalDescription(await peer.createAnswer());
        await signaling.sendAnswer(peer.localDescription?.sdp ?? '');
        for (const candidate of pending.splice(0))
          await peer.addIceCandidate(candidate).catch(() => undefined);
      } catch {
        events.onEvent('peer-failed');
      }
    },
    onCandidate(candidate) {
      if (!candidate) return;
      if (pc?.remoteDescription) void pc.addIceCandidate(candidate).catch(() => undefined);
      else pending.push(candidate);
    },
    onEnd() {
      events.onEvent('ended');
      pc?.close();
    },
  });

  // No retained messages: the sharer only hears a join sent while it is listening, so say it again.
  const retry = setInterval(() => void signaling.join(name), JOIN_RETRY_MS);
  void signaling.join(name);

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
