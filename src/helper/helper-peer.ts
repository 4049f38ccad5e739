import { firstCandidates } from '../core/rtc/first-candidates.ts';
import { parseLink } from '../core/protocol/link.ts';
import type { LiveStatus } from '../core/protocol/signal.ts';

export type Ice = Pick<LiveStatus, 'iceServers' | 'iceTransportPolicy'>;
export const NO_SERVERS: Ice = { iceServers: [], iceTransportPolicy: 'all' };

export const sameIce = (a: Ice, b: Ice) =>
  a.iceTransportPolicy === b.iceTransportPolicy &&
  JSON.stringify(a.iceServers) === JSON.stringify(b.iceServers);

export interface HelperPeer {
  pc: RTCPeerConnection;
  pointer: RTCDataChannel;
  control: RTCDataChannel;
  ink: RTCDataChannel;
  ice: Ice;
  /** Settles once the offer is set and carries a first candidate (or the wait for one is over). */
  offered: Promise<void>;
}

/**
 * The helper's peer connection with its data channels and offer. Data channels only: the sharer
 * adds the video over them once they are open (see src/extension/peer-to-helper.ts).
 */
export function createHelperPeer(ice: Ice): HelperPeer {
  const pc = new RTCPeerConnection(ice);
  // Pointer moves: a lost one must not hold up the next, so no order and no retransmits.
  const pointer = pc.createDataChannel('pointer', { ordered: false, maxRetransmits: 0 });
  const control = pc.createDataChannel('control', { ordered: true });
  // Strokes: begin, points, end, undo and clear must all arrive, in order
  // (docs/decisions/0013-ink-ordered-pointer-unordered.md).
  const ink = pc.createDataChannel('ink', { ordered: true });
  const offered = pc.setLocalDescription().then(() => firstCandidates(pc));
  return { pc, pointer, control, ink, ice, offered };
}

let early: { sessionId: string; peer: HelperPeer } | null = null;

/**
 * Starts the peer for the page's link before the rest of the page has loaded: a page's first
 * `RTCPeerConnection` and its first candidate take a while, and the join would wait for them after
 * the page's script had run (docs/decisions/0008-spare-peer-and-early-peer.md). A link whose sharer
 * set ICE servers is left alone: those servers arrive with the status record.
 */
export function startEarlyPeer(href: string) {
  const link = parseLink(href);
  if (!link.ok || link.value.customIce) return;
  try {
    early = { sessionId: link.value.sessionId, peer: createHelperPeer(NO_SERVERS) };
  } catch {
    // No WebRTC here, or it refused: the join makes its own, and reports what goes wrong then.
  }
}

/** The early peer, once, if it was made for this session; any other is closed. */
export function takeEarlyPeer(sessionId: string): HelperPeer | null {
  const taken = early;
  early = null;
  if (taken?.sessionId === sessionId) return taken.peer;
  taken?.peer.pc.close();
  return null;
}
