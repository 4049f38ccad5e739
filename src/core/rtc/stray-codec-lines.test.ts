import { describe, expect, it } from 'vitest';
import { withoutStrayCodecLines } from './stray-codec-lines.ts';

const sdp = (lines: string[]) => [...lines, ''].join('\r\n');
const SESSION = ['v=0', 'o=- 1 2 IN IP4 0.0.0.0', 's=-', 't=0 0'];

describe('withoutStrayCodecLines', () => {
  it.each<[string, string[], string[]]>([
    [
      'Firefox’s answer after setCodecPreferences: feedback for AV1 (45), which it does not list',
      [
        'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
        'a=fmtp:97 apt=96',
        'a=rtcp-fb:96 nack',
        'a=rtcp-fb:45 nack',
        'a=rtcp-fb:45 nack pli',
        'a=rtpmap:96 VP8/90000',
        'a=rtpmap:97 rtx/90000',
      ],
      ['a=rtcp-fb:45 nack', 'a=rtcp-fb:45 nack pli'],
    ],
    [
      'an unlisted codec’s rtpmap and fmtp too',
      [
        'm=video 9 UDP/TLS/RTP/SAVPF 96',
        'a=rtpmap:96 VP8/90000',
        'a=rtpmap:98 VP9/90000',
        'a=fmtp:98 max-fs=12288',
      ],
      ['a=rtpmap:98 VP9/90000', 'a=fmtp:98 max-fs=12288'],
    ],
    [
      'each section by its own m= line: 111 is listed in the audio one only',
      [
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'a=rtpmap:111 opus/48000/2',
        'm=video 9 UDP/TLS/RTP/SAVPF 96',
        'a=rtpmap:96 VP8/90000',
        'a=rtcp-fb:111 transport-cc',
      ],
      ['a=rtcp-fb:111 transport-cc'],
    ],
    [
      'a wildcard rtcp-fb, a data channel section and other attributes stay',
      [
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'a=sctp-port:5000',
        'm=video 9 UDP/TLS/RTP/SAVPF 96',
        'a=rtcp-fb:* nack',
        'a=extmap:1 urn:ietf:params:rtp-hdrext:toffset',
        'a=ssrc:417782905 cname:{66d59da5}',
      ],
      [],
    ],
    ['a line before any section', ['a=rtpmap:45 AV1/90000'], []],
  ])('%s', (_name, lines, removed) => {
    expect(withoutStrayCodecLines(sdp([...SESSION, ...lines]))).toBe(
      sdp([...SESSION, ...lines.filter((line) => !removed.includes(line))]),
    );
  });

  it.each([
    [
      'a bare LF is read as a line end',
      'v=0\nm=video 9 RTP/SAVPF 96\na=rtcp-fb:45 nack\n',
      'v=0\r\nm=video 9 RTP/SAVPF 96\r\n',
    ],
    ['garbage is left as it was', 'not an SDP: a=rtcp-fb:45', 'not an SDP: a=rtcp-fb:45'],
  ])('%s', (_name, input, expected) => {
    expect(withoutStrayCodecLines(input)).toBe(expected);
  });
});
