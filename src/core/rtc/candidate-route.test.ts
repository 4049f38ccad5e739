import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCandidateRoute } from './candidate-route.ts';
import type { CandidateInit } from '../protocol/signal.ts';

// As Chrome gives them: the candidate carries a ufrag that its line in the SDP does not.
const candidate = (n: number): CandidateInit => ({
  candidate: `candidate:${n} 1 udp 2122260223 10.0.0.${n} 5000${n} typ host generation 0 ufrag Ab1z network-id 1`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});
const sdpWith = (...ns: number[]) =>
  `v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n${ns
    .map(
      (n) => `a=candidate:${n} 1 udp 2122260223 10.0.0.${n} 5000${n} typ host generation 0 network-id 1\r\n`,
    )
    .join('')}a=mid:0\r\n`;

describe('candidate route', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each<[string, { linkUp: boolean; carried: string; added: (CandidateInit | null)[] }, string[]]>([
    [
      'link down: one broker message per burst',
      { linkUp: false, carried: '', added: [candidate(1), candidate(2)] },
      ['broker 1,2'],
    ],
    [
      'link down: what the SDP carried is left out',
      { linkUp: false, carried: sdpWith(1), added: [candidate(1), candidate(2)] },
      ['broker 2'],
    ],
    [
      'link down: all carried, nothing sent',
      { linkUp: false, carried: sdpWith(1, 2), added: [candidate(1), candidate(2)] },
      [],
    ],
    [
      'link down: end of gathering sends what waits at once',
      { linkUp: false, carried: '', added: [candidate(3), null] },
      ['broker 3 (now)'],
    ],
    [
      'link up: each over the peer link, end included',
      { linkUp: true, carried: '', added: [candidate(4), null] },
      ['peer 4', 'peer end'],
    ],
  ])('%s', (_name, { linkUp, carried, added }, expected) => {
    const sent: string[] = [];
    const route = createCandidateRoute({
      peerLinkUp: () => linkUp,
      peer: (c) => sent.push(`peer ${c ? c.candidate.split(':')[1]!.split(' ')[0] : 'end'}`),
      broker: (cs) =>
        sent.push(`broker ${cs.map((c) => c.candidate.split(':')[1]!.split(' ')[0]).join(',')}`),
    });
    route.carried(carried);
    added.forEach((c) => route.add(c));
    const beforeTimer = [...sent];
    vi.advanceTimersByTime(100);
    const marked = sent.map((s, i) => (i < beforeTimer.length && s.startsWith('broker') ? `${s} (now)` : s));
    expect(marked).toEqual(expected);
  });
});
