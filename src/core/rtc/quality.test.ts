import { describe, expect, it } from 'vitest';
import { english } from '../../../test/support/english.ts';
import { phrase } from '../../i18n/translate.ts';
import { readSample, sameQuality, summarise, type Quality, type QualitySample } from './quality.ts';

const pair = (local = 'host', remote = 'srflx', rtt: unknown = 0.042) => [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
  {
    id: 'P',
    type: 'candidate-pair',
    state: 'succeeded',
    nominated: true,
    localCandidateId: 'L',
    remoteCandidateId: 'R',
    currentRoundTripTime: rtt,
  },
  { id: 'L', type: 'local-candidate', candidateType: local },
  { id: 'R', type: 'remote-candidate', candidateType: remote },
];

/** What Chrome's sender reports, `t` seconds in at 30 fps and 1.6 Mbit/s. */
const sent = (t: number, more: Record<string, unknown> = {}, remote: Record<string, unknown> = {}) => [
  ...pair(),
  {
    id: 'O',
    type: 'outbound-rtp',
    kind: 'video',
    timestamp: 1000 + t * 1000,
    framesPerSecond: 30,
    framesEncoded: 30 * t,
    frameWidth: 1280,
    frameHeight: 720,
    bytesSent: 200_000 * t,
    packetsSent: 200 * t,
    qualityLimitationReason: 'none',
    ...more,
  },
  { id: 'RI', type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0, roundTripTime: 0.05, ...remote },
];

/** What Chrome's receiver reports. */
const received = (t: number, more: Record<string, unknown> = {}, pairStats = pair()) => [
  ...pairStats,
  { id: 'A', type: 'inbound-rtp', kind: 'audio', timestamp: 1000 + t * 1000, bytesReceived: 999 },
  {
    id: 'I',
    type: 'inbound-rtp',
    kind: 'video',
    timestamp: 1000 + t * 1000,
    framesPerSecond: 30,
    framesDecoded: 30 * t,
    frameWidth: 1280,
    frameHeight: 720,
    bytesReceived: 200_000 * t,
    packetsReceived: 200 * t,
    packetsLost: 0,
    ...more,
  },
];

const sharer = (before: unknown[] | null, after: unknown[]) =>
  summarise(before && readSample(before, 'sharer', 0), readSample(after, 'sharer', 0), 'sharer');
const helper = (before: unknown[] | null, after: unknown[]) =>
  summarise(before && readSample(before, 'helper', 0), readSample(after, 'helper', 0), 'helper');

const GOOD: Quality = {
  route: 'direct',
  rttMs: 42,
  fps: 30,
  width: 1280,
  height: 720,
  kbps: 1600,
  lossPercent: 0,
  level: 'good',
  hints: [],
};

describe('connection quality from two stats snapshots', () => {
  it.each<[string, Quality | Partial<Quality>, () => Quality]>([
    ['sharer, all well', GOOD, () => sharer(sent(1), sent(3))],
    ['helper, all well', GOOD, () => helper(received(1), received(3))],
    ['first snapshot: no rates yet, the rest known', { ...GOOD, kbps: null }, () => sharer(null, sent(1))],
    [
      'first snapshot on the helper: loss needs two',
      { ...GOOD, kbps: null, lossPercent: null },
      () => helper(null, received(1)),
    ],
    [
      'sharer: a slow round trip is fair',
      { rttMs: 200, level: 'fair', hints: [expect.stringContaining('helper’s connection is slow')] },
      () => sharer(sent(1), [...pair('host', 'host', 0.2), ...sent(3).slice(4)]),
    ],
    [
      'helper: a very slow one is poor',
      { rttMs: 650, level: 'poor', hints: [expect.stringContaining('connection to the sharer is slow')] },
      () => helper(received(1), received(3, {}, pair('host', 'host', 0.65))),
    ],
    [
      'sharer: the receiver reports 12% lost',
      { lossPercent: 12, level: 'poor', hints: [expect.stringContaining('loses part of the picture')] },
      () => sharer(sent(1), sent(3, {}, { fractionLost: 0.12 })),
    ],
    [
      'helper: 30 of 400 packets lost between snapshots is 7.5%, fair',
      { lossPercent: 7.5, level: 'fair', hints: [expect.stringContaining('lost on the way')] },
      () => helper(received(1), received(3, { packetsReceived: 570, packetsLost: 30 })),
    ],
    [
      'relayed: a hint, not a worse level',
      { route: 'relayed', level: 'good', hints: [expect.stringContaining('relayed through a TURN server')] },
      () => helper(received(1), received(3, {}, pair('relay', 'host'))),
    ],
    [
      'sharer: the encoder cuts frames for bandwidth',
      {
        fps: 3,
        level: 'fair',
        hints: [expect.stringContaining('too tight'), expect.stringContaining('choppy')],
      },
      () => sharer(sent(1), sent(3, { framesPerSecond: 3, qualityLimitationReason: 'bandwidth' })),
    ],
    [
      'a small picture is a hint',
      { width: 480, height: 270, level: 'good', hints: [expect.stringContaining('low resolution')] },
      () => helper(received(1), received(3, { frameWidth: 480, frameHeight: 270 })),
    ],
    [
      'no frames (paused, or a still page) is not choppy',
      { fps: 0, level: 'good', hints: [] },
      () => sharer(sent(1), sent(3, { framesPerSecond: 0 })),
    ],
    [
      'Firefox: no pair RTT or framesPerSecond, taken from RTCP and the frame counter',
      { rttMs: 50, fps: 30, level: 'good' },
      () =>
        sharer(sent(1, { framesPerSecond: undefined }), [
          ...pair('host', 'host', null),
          ...sent(3, { framesPerSecond: undefined }).slice(4),
        ]),
    ],
    [
      'counters that went back (a new stream) give no rates',
      { kbps: null, lossPercent: null },
      () => helper(received(3), received(1)),
    ],
    [
      'nothing selected yet: unknowns, no level',
      {
        route: null,
        rttMs: null,
        fps: null,
        width: null,
        height: null,
        kbps: null,
        lossPercent: null,
        level: null,
        hints: [],
      },
      () => helper(null, [{ id: 'T', type: 'transport' }]),
    ],
    [
      'garbage fields are unknowns',
      { rttMs: null, fps: null, width: null, kbps: null, lossPercent: null, level: null },
      () =>
        helper(
          received(1, { bytesReceived: 'lots', packetsLost: -1 }),
          received(3, {}, pair('host', 'host', Number.NaN)).map((stat) =>
            stat.id === 'I'
              ? {
                  ...stat,
                  framesPerSecond: '30',
                  framesDecoded: 'x',
                  frameWidth: null,
                  bytesReceived: {},
                  packetsLost: Infinity,
                }
              : stat,
          ),
        ),
    ],
    [
      'a report of junk values',
      { route: null, level: null, hints: [] },
      () =>
        helper([null, 1, 'x', {}], [null, undefined, 42, [], { type: 7 }, { id: {}, type: 'inbound-rtp' }]),
    ],
  ])('%s', (_name, expected, run) => {
    const quality = run();
    expect({ ...quality, hints: quality.hints.map(english) }).toMatchObject(expected);
  });

  it.each<[string, unknown]>([
    ['a report that is not iterable of objects', [Symbol('x'), () => 1]],
    [
      'stats with hostile getters',
      [
        Object.defineProperty({ id: 'x', type: 'inbound-rtp' }, 'kind', {
          enumerable: true,
          get: () => {
            throw new Error('no');
          },
        }),
      ],
    ],
  ])('never throws on %s', (_name, report) => {
    expect(() => summarise(null, readSample(report as unknown[], 'helper', 0), 'helper')).not.toThrow();
  });

  it('uses the caller’s clock when the stats carry no timestamp', () => {
    const noTime = (t: number) => received(t).map((stat) => ({ ...stat, timestamp: undefined }));
    const before: QualitySample = readSample(noTime(1), 'helper', 1000);
    const after = readSample(noTime(3), 'helper', 3000);
    expect(summarise(before, after, 'helper').kbps).toBe(1600);
  });

  it.each<[string, Partial<Quality>, boolean]>([
    ['the same summary', {}, true],
    ['another level', { level: 'poor' }, false],
    ['another frame rate', { fps: 29 }, false],
    ['another hint', { hints: [phrase('quality.small')] }, false],
  ])('sameQuality: %s', (_name, change, same) => {
    const a = helper(received(1), received(3));
    expect(sameQuality(a, { ...a, ...change })).toBe(same);
    expect(sameQuality(a, null)).toBe(false);
  });
});
