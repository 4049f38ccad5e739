import { phrase, type Phrase } from '../../i18n/translate.ts';
import { routeOfPair, selectedPair, type Route, type Stat } from './route.ts';

/** Which end reads the stats: the sharer sends the picture, the helper receives it. */
export type QualitySide = 'sharer' | 'helper';
export type QualityLevel = 'good' | 'fair' | 'poor';

/**
 * What one `getStats()` said, as plain data. Browsers differ in what they report (Firefox has no
 * `currentRoundTripTime` on the pair, older ones no `framesPerSecond`): anything missing or not a
 * sane number is `null`.
 */
export interface QualitySample {
  /** When it was taken, in milliseconds (the stats' own timestamp where there is one). */
  at: number;
  route: Route | null;
  rttMs: number | null;
  fps: number | null;
  /** Frames encoded (sharer) or decoded (helper) so far: the frame rate where `framesPerSecond` is missing. */
  frames: number | null;
  width: number | null;
  height: number | null;
  /** Bytes sent (sharer) or received (helper) so far. */
  bytes: number | null;
  packetsLost: number | null;
  /** Packets that should have arrived: sent (sharer), received plus lost (helper). */
  packetsExpected: number | null;
  /** The receiver's own loss figure for its last report interval, 0 to 1 (sharer only). */
  fractionLost: number | null;
  /** Why the sender's encoder holds back (sharer only, Chrome only). */
  limitation: 'bandwidth' | 'cpu' | null;
}

/** The connection as the person sees it. Values are rounded so a summary that says the same compares equal. */
export interface Quality {
  route: Route | null;
  rttMs: number | null;
  fps: number | null;
  width: number | null;
  height: number | null;
  kbps: number | null;
  lossPercent: number | null;
  /** `null` while neither the delay nor the loss is known (a browser that reports neither). */
  level: QualityLevel | null;
  /** What is wrong, in the words of the person reading it; empty when nothing is. */
  hints: Phrase[];
}

/**
 * The thresholds, in one place (docs/decisions/0022-connection-quality.md says why each).
 * Only the network sets the level: a still page sends no frames and a small tab is a small
 * picture, so frame rate and size only add hints.
 */
export const QUALITY_THRESHOLDS = {
  /** Round trip in ms: the helper's pointer lands about this late after what they saw. */
  rttMs: { fair: 150, poor: 400 },
  /** Packet loss in percent: Google Congestion Control's own bands (hold above 2%, back off above 10%). */
  lossPercent: { fair: 2, poor: 10 },
  /** Below this, motion turns into a slide show. */
  choppyFps: 5,
  /** Below this (either side), small text is hard to read. */
  small: { width: 640, height: 360 },
} as const;

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

const isVideo = (stat: Stat) => stat.kind === 'video' || stat.mediaType === 'video';

/** Reads a sample out of `RTCStatsReport` values; never throws, whatever the report holds. */
export function readSample(stats: Iterable<unknown>, side: QualitySide, at: number): QualitySample {
  const all: Stat[] = [];
  for (const stat of stats) {
    try {
      if (stat && typeof stat === 'object' && typeof (stat as Stat).type === 'string')
        all.push({ ...(stat as Stat), id: String((stat as Stat).id) });
    } catch {
      // A stat that cannot be read is one the browser does not have.
    }
  }
  const selected = selectedPair(all);
  const rtp = all.find(
    (stat) => stat.type === (side === 'sharer' ? 'outbound-rtp' : 'inbound-rtp') && isVideo(stat),
  );
  const report = all.find(
    (stat) =>
      stat.type === (side === 'sharer' ? 'remote-inbound-rtp' : 'remote-outbound-rtp') && isVideo(stat),
  );
  const seconds = finite(selected?.pair.currentRoundTripTime) ?? finite(report?.roundTripTime);
  const lost = finite((side === 'sharer' ? report : rtp)?.packetsLost);
  const received = finite(rtp?.packetsReceived);
  const reason = rtp?.qualityLimitationReason;
  return {
    at: finite(rtp?.timestamp) ?? at,
    route: routeOfPair(selected),
    rttMs: seconds === null ? null : seconds * 1000,
    fps: finite(rtp?.framesPerSecond),
    frames: finite(side === 'sharer' ? rtp?.framesEncoded : rtp?.framesDecoded),
    width: finite(rtp?.frameWidth),
    height: finite(rtp?.frameHeight),
    bytes: finite(side === 'sharer' ? rtp?.bytesSent : rtp?.bytesReceived),
    packetsLost: lost,
    packetsExpected:
      side === 'sharer'
        ? finite(rtp?.packetsSent)
        : received === null || lost === null
          ? null
          : received + lost,
    fractionLost: side === 'sharer' ? finite(report?.fractionLost) : null,
    limitation: reason === 'bandwidth' || reason === 'cpu' ? reason : null,
  };
}

/** How far a counter moved since the last sample; `null` if either is unknown or it went back (a new stream). */
const grew = (before: number | null | undefined, after: number | null) =>
  before === null || before === undefined || after === null || after < before ? null : after - before;

/** Two significant figures: 1234 → 1200, 0.456 → 0.46. Enough to read, and steady from sample to sample. */
const roughly = (value: number | null) => (value === null ? null : Number(value.toPrecision(2)));

const LEVELS: QualityLevel[] = ['good', 'fair', 'poor'];
const levelOf = (value: number | null, bands: { fair: number; poor: number }): QualityLevel | null =>
  value === null ? null : value >= bands.poor ? 'poor' : value >= bands.fair ? 'fair' : 'good';
const worst = (levels: (QualityLevel | null)[]): QualityLevel | null =>
  levels.reduce<QualityLevel | null>(
    (a, b) => (a === null ? b : b === null ? a : LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a),
    null,
  );

type Hint = 'slow' | 'lossy' | 'relayed' | 'bandwidth' | 'cpu' | 'choppy' | 'small';
/** Each hint in the words of the person reading it: the sharer about a helper, or the helper. */
const HINTS: Record<QualitySide, Record<Hint, Phrase>> = {
  sharer: {
    slow: phrase('quality.sharerSlow'),
    lossy: phrase('quality.sharerLossy'),
    relayed: phrase('quality.relayedHint'),
    bandwidth: phrase('quality.sharerBandwidth'),
    cpu: phrase('quality.sharerCpu'),
    choppy: phrase('quality.choppy', { fps: QUALITY_THRESHOLDS.choppyFps }),
    small: phrase('quality.small'),
  },
  helper: {
    slow: phrase('quality.helperSlow'),
    lossy: phrase('quality.helperLossy'),
    relayed: phrase('quality.relayedHint'),
    bandwidth: phrase('quality.helperBandwidth'),
    cpu: phrase('quality.helperCpu'),
    choppy: phrase('quality.choppy', { fps: QUALITY_THRESHOLDS.choppyFps }),
    small: phrase('quality.small'),
  },
};

/**
 * The connection from two successive samples (`previous` null for the first): rates come from how
 * far the counters moved between them, the rest from the latest.
 */
export function summarise(
  previous: QualitySample | null,
  current: QualitySample,
  side: QualitySide,
): Quality {
  const { fair, poor } = QUALITY_THRESHOLDS.rttMs;
  const ms = previous && current.at > previous.at ? current.at - previous.at : null;
  const frames = grew(previous?.frames, current.frames);
  const fps = current.fps ?? (ms && frames !== null ? (frames * 1000) / ms : null);
  const bytes = grew(previous?.bytes, current.bytes);
  // bytes * 8 / ms is bits per millisecond, which is kbit/s.
  const kbps = ms && bytes !== null ? (bytes * 8) / ms : null;
  const lost = grew(previous?.packetsLost, current.packetsLost);
  const expected = grew(previous?.packetsExpected, current.packetsExpected);
  const lossPercent =
    current.fractionLost !== null
      ? Math.min(100, current.fractionLost * 100)
      : lost !== null && expected
        ? Math.min(100, (lost / expected) * 100)
        : null;

  const level = worst([
    levelOf(current.rttMs, { fair, poor }),
    levelOf(lossPercent, QUALITY_THRESHOLDS.lossPercent),
    // The encoder is already giving up frames to fit: that is not good, whatever the delay says.
    current.limitation ? 'fair' : null,
  ]);
  const { small, choppyFps } = QUALITY_THRESHOLDS;
  const hinted: [Hint, boolean][] = [
    ['slow', current.rttMs !== null && current.rttMs >= fair],
    ['lossy', lossPercent !== null && lossPercent >= QUALITY_THRESHOLDS.lossPercent.fair],
    ['bandwidth', current.limitation === 'bandwidth'],
    ['cpu', current.limitation === 'cpu'],
    // No frames at all is a paused share or a still page, not a choppy picture.
    ['choppy', fps !== null && fps > 0 && fps < choppyFps],
    [
      'small',
      current.width !== null &&
        current.height !== null &&
        current.width > 0 &&
        (current.width < small.width || current.height < small.height),
    ],
    ['relayed', current.route === 'relayed'],
  ];
  return {
    route: current.route,
    rttMs: current.rttMs === null ? null : Math.round(roughly(current.rttMs)!),
    fps: fps === null ? null : Math.round(fps),
    width: current.width,
    height: current.height,
    kbps: roughly(kbps),
    lossPercent: roughly(lossPercent),
    level,
    hints: hinted.filter(([, on]) => on).map(([hint]) => HINTS[side][hint]),
  };
}

/** Whether two summaries say the same, so nothing needs telling or drawing again. */
export function sameQuality(a: Quality | null, b: Quality | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.route === b.route &&
    a.rttMs === b.rttMs &&
    a.fps === b.fps &&
    a.width === b.width &&
    a.height === b.height &&
    a.kbps === b.kbps &&
    a.lossPercent === b.lossPercent &&
    a.level === b.level &&
    a.hints.length === b.hints.length &&
    a.hints.every((hint, i) => hint.key === b.hints[i]?.key)
  );
}
