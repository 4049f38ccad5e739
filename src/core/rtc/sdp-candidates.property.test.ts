import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, RUNS } from '../../../test/support/untrusted.ts';
import type { CandidateInit } from '../protocol/signal.ts';
import { candidateKey, carriedCandidates, takeCandidates } from './sdp-candidates.ts';

const address = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.uuid().map((id) => `${id}.local`),
);
/** The six fields that name a candidate, as an array. */
const naming = fc.tuple(
  fc.nat().map(String),
  fc.constantFrom('1', '2'),
  fc.constantFrom('udp', 'tcp', 'UDP'),
  fc.nat().map(String),
  address,
  fc.integer({ min: 1, max: 65_535 }).map(String),
);
const attributes = fc.array(
  fc.oneof(
    fc.constantFrom('typ host', 'typ srflx raddr 0.0.0.0 rport 0', 'typ relay', 'tcptype active'),
    fc.constantFrom('generation 0', 'network-id 3', 'network-cost 50'),
  ),
  { maxLength: 4 },
);
const candidateLine = fc
  .tuple(naming, attributes)
  .map(([fields, rest]) => `candidate:${[...fields, ...rest].join(' ')}`);
/** Lines a section holds besides its candidates and mid. */
const otherLine = fc.oneof(
  fc.constantFrom(
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:J9hZ',
    'a=sendrecv',
    'a=rtpmap:96 VP8/90000',
    'a=candidates',
    '',
  ),
  fc.stringMatching(/^[b-lo-z]=[ -~]{0,30}$/),
);
const mLine = fc.constantFrom(
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
);
const mid = fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: null });

type Line = { text: string; candidate?: string };
/** A section: its m= line first, then its other lines, candidates and mid in any order. */
const section = fc
  .record({
    m: mLine,
    mid,
    candidates: fc.array(candidateLine, { maxLength: 5 }),
    others: fc.array(otherLine, { maxLength: 5 }),
  })
  .chain(({ m, mid: name, candidates, others }) => {
    const body: Line[] = [
      ...candidates.map((c) => ({ text: `a=${c}`, candidate: c })),
      ...others.map((text) => ({ text })),
      ...(name === null ? [] : [{ text: `a=mid:${name}` }]),
    ];
    return fc
      .shuffledSubarray(body, { minLength: body.length, maxLength: body.length })
      .map((lines) => ({ mid: name, lines: [{ text: m }, ...lines] }));
  });
/** An SDP as browsers write it, with what takeCandidates must take out of it. */
const structuredSdp = fc
  .record({
    session: fc.array(
      fc.oneof(
        otherLine,
        candidateLine.map((c) => `a=${c}`),
      ),
      { maxLength: 4 },
    ),
    sections: fc.array(section, { maxLength: 4 }),
    eol: fc.constantFrom('\r\n', '\n'),
  })
  .map(({ session, sections, eol }) => {
    const lines = ['v=0', ...session, ...sections.flatMap((s) => s.lines.map((l) => l.text)), ''];
    const candidates: CandidateInit[] = sections.flatMap((s, index) =>
      s.lines.flatMap((l) =>
        l.candidate === undefined ? [] : [{ candidate: l.candidate, sdpMid: s.mid, sdpMLineIndex: index }],
      ),
    );
    const kept = [
      'v=0',
      ...session,
      ...sections.flatMap((s) => s.lines.filter((l) => l.candidate === undefined).map((l) => l.text)),
      '',
    ];
    return { sdp: lines.join(eol), candidates, kept: kept.join('\r\n') };
  });
/** Line soup: SDP-like prefixes, any content, any line ends, bare CRs included. */
const noise = fc
  .array(
    fc.tuple(
      fc.constantFrom('', 'm=', 'a=mid:', 'a=candidate:', 'a=candidate', ' a=candidate:', 'a=', 'v='),
      anyText(40),
    ),
    { maxLength: 20 },
  )
  .chain((parts) =>
    fc
      .array(fc.constantFrom('\r\n', '\n', '\r', '\n\r', ''), {
        minLength: parts.length,
        maxLength: parts.length,
      })
      .map((ends) => parts.map(([prefix, rest], i) => `${prefix}${rest}${ends[i] ?? ''}`).join('')),
  );
const anySdp = fc.oneof(noise, anyText(300));

describe('SDP candidates (properties)', () => {
  it('never throws, whatever the other side sent as its SDP', () => {
    fc.assert(
      fc.property(anySdp, (sdp) => {
        const taken = takeCandidates(sdp);
        carriedCandidates(sdp);
        for (const c of taken.candidates) candidateKey(c.candidate);
      }),
      RUNS,
    );
  });

  it('takes every candidate of every section, with its mid and index, and keeps all else in order', () => {
    fc.assert(
      fc.property(structuredSdp, ({ sdp, candidates, kept }) => {
        expect(takeCandidates(sdp)).toEqual({ sdp: kept, candidates });
      }),
      RUNS,
    );
  });

  it('loses no line and leaves no candidate in a section', () => {
    fc.assert(
      fc.property(anySdp, (sdp) => {
        const taken = takeCandidates(sdp);
        expect(taken.sdp.split(/\r?\n/).length + taken.candidates.length).toBe(sdp.split(/\r?\n/).length);
        expect(takeCandidates(taken.sdp)).toEqual({ sdp: taken.sdp, candidates: [] });
        const sections = sdp.split(/\r?\n/).filter((line) => line.startsWith('m=')).length;
        let last = 0;
        for (const c of taken.candidates) {
          const index = c.sdpMLineIndex ?? -1;
          expect(c.candidate.startsWith('candidate:')).toBe(true);
          expect(index).toBeGreaterThanOrEqual(last);
          expect(index).toBeLessThan(sections);
          last = index;
        }
      }),
      RUNS,
    );
  });

  it('takes the candidates of an SDP as large as a message carries (48 Ki units)', () => {
    fc.assert(
      fc.property(candidateLine, (line) => {
        const count = Math.floor((48 * 1024 - 64) / (line.length + 4));
        const sdp = [
          'v=0',
          'm=application 9 x y',
          ...new Array<string>(count).fill(`a=${line}`),
          'a=mid:0',
        ].join('\r\n');
        const taken = takeCandidates(sdp);
        expect(taken.candidates).toHaveLength(count);
        expect(taken.sdp).toBe('v=0\r\nm=application 9 x y\r\na=mid:0');
      }),
      { numRuns: 20 },
    );
  });

  it('names a candidate by its first six fields, however the SDP line or the browser writes it', () => {
    fc.assert(
      fc.property(naming, attributes, attributes, fc.constantFrom(' ', '  ', '\t'), (fields, a, b, gap) => {
        const sdpLine = `a=candidate:${[...fields, ...a].join(' ')}`;
        // The browser's own string adds a ufrag the SDP line leaves out, and may space it otherwise.
        const browser = `candidate:${[...fields, ...b, 'ufrag', 'J9hZ'].join(gap)} `;
        expect(candidateKey(sdpLine)).toBe(`candidate:${fields.join(' ')}`);
        expect(candidateKey(browser)).toBe(candidateKey(sdpLine));
        expect(carriedCandidates(`v=0\r\nm=x\r\n${sdpLine}\r\n`)).toEqual(new Set([candidateKey(browser)]));
      }),
      RUNS,
    );
  });

  it('tells candidates apart that differ in any of those fields', () => {
    fc.assert(
      fc.property(naming, naming, attributes, (one, other, rest) => {
        fc.pre(one.join(' ') !== other.join(' '));
        expect(candidateKey(`candidate:${[...one, ...rest].join(' ')}`)).not.toBe(
          candidateKey(`candidate:${[...other, ...rest].join(' ')}`),
        );
      }),
      RUNS,
    );
  });
});
