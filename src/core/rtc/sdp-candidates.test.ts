import { describe, expect, it } from 'vitest';
import { candidateKey, carriedCandidates, takeCandidates } from './sdp-candidates.ts';

// As Chrome writes them: the candidates before the section's a=mid.
const SDP = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'a=group:BUNDLE 0 1',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122194687 127.0.0.1 38086 typ host generation 0 network-id 3',
  'a=candidate:2 1 udp 2122267903 ::1 50223 typ host generation 0 network-id 4',
  'a=ice-ufrag:J9hZ',
  'a=mid:0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=candidate:3 1 udp 2122063615 192.0.2.2 60928 typ host generation 0',
  'a=mid:1',
  '',
].join('\r\n');

describe('takeCandidates', () => {
  it('takes each candidate with its section, and leaves the rest of the SDP as it was', () => {
    const { sdp, candidates } = takeCandidates(SDP);
    expect(candidates).toEqual([
      {
        candidate: 'candidate:1 1 udp 2122194687 127.0.0.1 38086 typ host generation 0 network-id 3',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
      {
        candidate: 'candidate:2 1 udp 2122267903 ::1 50223 typ host generation 0 network-id 4',
        sdpMid: '0',
        sdpMLineIndex: 0,
      },
      {
        candidate: 'candidate:3 1 udp 2122063615 192.0.2.2 60928 typ host generation 0',
        sdpMid: '1',
        sdpMLineIndex: 1,
      },
    ]);
    expect(sdp).toBe(
      SDP.split('\r\n')
        .filter((line) => !line.startsWith('a=candidate:'))
        .join('\r\n'),
    );
  });

  it.each([
    ['no candidates', 'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n', 0],
    [
      'a candidate line above every section (not one of them)',
      'v=0\r\na=candidate:9 1 udp 1 10.0.0.1 9 typ host\r\n',
      0,
    ],
    [
      'bare LF line ends',
      'v=0\nm=application 9 x y\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\na=mid:0\n',
      1,
    ],
    [
      'a section with no mid',
      'v=0\r\nm=application 9 x y\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n',
      1,
    ],
  ])('%s', (_name, sdp, count) => {
    expect(takeCandidates(sdp).candidates).toHaveLength(count);
  });
});

describe('candidateKey', () => {
  it.each([
    [
      'the SDP line and the browser candidate name the same one',
      'a=candidate:2489906232 1 udp 2122194687 127.0.0.1 38086 typ host generation 0 network-id 3 network-cost 50',
      'candidate:2489906232 1 udp 2122194687 127.0.0.1 38086 typ host generation 0 ufrag J9hZ network-id 3 network-cost 50',
      true,
    ],
    [
      'another port is another candidate',
      'a=candidate:1 1 udp 2122194687 127.0.0.1 38086 typ host',
      'candidate:1 1 udp 2122194687 127.0.0.1 38087 typ host',
      false,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(candidateKey(a) === candidateKey(b)).toBe(same);
  });

  it('reads what an SDP carries', () => {
    expect(carriedCandidates(SDP)).toEqual(
      new Set([
        'candidate:1 1 udp 2122194687 127.0.0.1 38086',
        'candidate:2 1 udp 2122267903 ::1 50223',
        'candidate:3 1 udp 2122063615 192.0.2.2 60928',
      ]),
    );
  });
});
