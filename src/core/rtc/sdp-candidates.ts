import type { CandidateInit } from '../protocol/signal.ts';

/**
 * An SDP's candidate lines taken out, each as the `addIceCandidate` argument it stands for (its
 * section's mid and index), and the SDP without them. Lines end in CRLF (RFC 8866); a bare LF is
 * read too.
 */
export function takeCandidates(sdp: string): { sdp: string; candidates: CandidateInit[] } {
  const lines = sdp.split(/\r?\n/);
  // Chrome writes a section's candidates before its a=mid, so the mids are read first.
  const mids: (string | null)[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) mids.push(null);
    else if (line.startsWith('a=mid:') && mids.length > 0) mids[mids.length - 1] = line.slice(6);
  }
  const kept: string[] = [];
  const candidates: CandidateInit[] = [];
  let section = -1;
  for (const line of lines) {
    if (line.startsWith('m=')) section++;
    if (section >= 0 && line.startsWith('a=candidate:'))
      candidates.push({ candidate: line.slice(2), sdpMid: mids[section] ?? null, sdpMLineIndex: section });
    else kept.push(line);
  }
  return { sdp: kept.join('\r\n'), candidates };
}

/**
 * The part of a candidate that names it: foundation, component, transport, priority, address and
 * port. Chrome's `candidate.candidate` carries a `ufrag` its SDP line leaves out, so the whole
 * strings differ for the same candidate.
 */
export const candidateKey = (candidate: string) =>
  candidate.replace(/^a=/, '').trim().split(/\s+/).slice(0, 6).join(' ');

/** The keys of the candidates an SDP carries. */
export const carriedCandidates = (sdp: string) =>
  new Set(takeCandidates(sdp).candidates.map((c) => candidateKey(c.candidate)));
