import { describe, expect, it } from 'vitest';
import { helperVideoCodecs, type CodecCapability } from './video-codecs.ts';

const codec = (mimeType: string, sdpFmtpLine?: string): CodecCapability => ({
  mimeType,
  clockRate: 90000,
  ...(sdpFmtpLine === undefined ? {} : { sdpFmtpLine }),
});

// What Chromium 156 lists, trimmed to its distinct kinds.
const CHROME = [
  codec('video/VP8'),
  codec('video/rtx'),
  codec('video/VP9', 'profile-id=0'),
  codec('video/VP9', 'profile-id=2'),
  codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'),
  codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f'),
  codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
  codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f'),
  codec('video/AV1', 'level-idx=5;profile=0;tier=0'),
  codec('video/red'),
  codec('video/ulpfec'),
  codec('video/flexfec-03', 'repair-window=10000000'),
];

describe('helperVideoCodecs', () => {
  it('keeps VP8 first, VP9 profile 0, one baseline H.264 and retransmission', () => {
    expect(helperVideoCodecs(CHROME)).toEqual([
      codec('video/VP8'),
      codec('video/VP9', 'profile-id=0'),
      codec('video/H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
      codec('video/rtx'),
    ]);
  });

  it.each([
    ['only H.264 of another profile', [codec('video/H264', 'profile-level-id=640c1f'), codec('video/rtx')]],
    ['nothing at all', []],
  ])('leaves a list it knows nothing in as it is: %s', (_name, codecs) => {
    expect(helperVideoCodecs(codecs)).toEqual(codecs);
  });

  it.each([
    [
      'Safari-like, H.264 first',
      [codec('video/H264', 'packetization-mode=1;profile-level-id=42e01f'), codec('video/VP8')],
      ['video/VP8', 'video/H264'],
    ],
    ['Firefox-like, no rtx listed', [codec('video/VP8'), codec('video/VP9')], ['video/VP8', 'video/VP9']],
  ])('%s', (_name, codecs, kinds) => {
    expect(helperVideoCodecs(codecs).map((c) => c.mimeType)).toEqual(kinds);
  });
});
