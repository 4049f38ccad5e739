import type { ControlChannel, LinkConnection } from '../../src/core/rtc/peer-link.ts';

/**
 * Enough of an `RTCPeerConnection` for the peer link's unit tests: descriptions, candidates and
 * connection state, all set by hand; nothing touches a network.
 */
export class FakePeerConnection {
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescription | null = null;
  remoteDescription: RTCSessionDescription | null = null;
  added: RTCIceCandidateInit[] = [];
  closed = false;
  stats: { id: string; type: string; [key: string]: unknown }[] = [];
  onicecandidate: ((event: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  onicecandidateerror: ((event: { url: string; errorCode: number }) => void) | null = null;
  /** The ICE transport under the data channels; `selectPair` says it moved to another pair. */
  readonly iceTransport = new EventTarget();
  sctp = { transport: { iceTransport: this.iceTransport } };
  private offers = 0;

  createOffer = (options?: RTCOfferOptions) =>
    Promise.resolve({
      type: 'offer' as const,
      sdp: `offer ${++this.offers}${options?.iceRestart ? ' restart' : ''}`,
    });
  createAnswer = () =>
    Promise.resolve({ type: 'answer' as const, sdp: `answer to ${this.remoteDescription?.sdp}` });
  setLocalDescription = (description?: RTCLocalSessionDescriptionInit) => {
    this.localDescription = description as RTCSessionDescription;
    this.signalingState = description?.type === 'offer' ? 'have-local-offer' : 'stable';
    return Promise.resolve();
  };
  setRemoteDescription = (description: RTCSessionDescriptionInit) => {
    this.remoteDescription = description as RTCSessionDescription;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    return Promise.resolve();
  };
  addIceCandidate = (candidate?: RTCIceCandidateInit | null) => {
    if (candidate) this.added.push(candidate);
    return Promise.resolve();
  };
  getStats = () =>
    Promise.resolve(new Map(this.stats.map((stat) => [stat.id, stat])) as unknown as RTCStatsReport);
  close = () => void (this.closed = true);

  /** The shape the peer link takes (the real type's overloads are more than a fake can match). */
  get asConnection(): LinkConnection {
    return this as unknown as LinkConnection;
  }

  /** The browser found a local candidate. */
  gather(candidate: string | null) {
    const init = candidate === null ? null : { candidate, sdpMid: '0', sdpMLineIndex: 0 };
    this.onicecandidate?.({
      candidate: init && { ...init, toJSON: () => init },
    } as RTCPeerConnectionIceEvent);
  }

  /** A local candidate of this type (`host`, `srflx`, `relay`) was found. */
  gatherOfType(type: string) {
    const init = { candidate: `candidate:9 1 udp 1 192.0.2.9 9 typ ${type}`, sdpMid: '0', sdpMLineIndex: 0 };
    this.onicecandidate?.({ candidate: { ...init, type, toJSON: () => init } as never });
  }

  selectPair() {
    this.iceTransport.dispatchEvent(new Event('selectedcandidatepairchange'));
  }

  setConnection(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

/** A control channel that records what is sent and can be handed messages. */
export class FakeControlChannel {
  readyState: RTCDataChannelState = 'connecting';
  sent: unknown[] = [];
  send = (data: string) => void this.sent.push(JSON.parse(data));
  onmessage: ((event: { data: unknown }) => void) | null = null;
  receive(data: unknown) {
    this.onmessage?.({ data });
  }

  get asChannel(): ControlChannel {
    return this as unknown as ControlChannel;
  }
}
