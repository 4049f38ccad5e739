import type { FailureLog } from '../util/failures.ts';
import {
  readSample,
  sameQuality,
  summarise,
  type Quality,
  type QualitySample,
  type QualitySide,
} from './quality.ts';

/** How often the stats are read: often enough to follow a change, rarely enough to cost nothing. */
export const QUALITY_EVERY_MS = 2000;

export type StatsSource = Pick<RTCPeerConnection, 'getStats' | 'connectionState'>;

/**
 * Reads the connection's stats now and every `everyMs` while it is connected, and tells
 * `onQuality` whenever the summary says something new (not on every read: the popup re-renders on
 * each state broadcast). A gap while disconnected starts the rates afresh. Stops when `signal`
 * aborts or the connection closes.
 */
export function watchQuality(
  pc: StatsSource,
  side: QualitySide,
  onQuality: (quality: Quality) => void,
  signal: AbortSignal,
  options: { failures: FailureLog; everyMs?: number; now?: () => number },
) {
  const { failures, everyMs = QUALITY_EVERY_MS, now = Date.now } = options;
  let previous: QualitySample | null = null;
  let told: Quality | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const over = () => signal.aborted || pc.connectionState === 'closed';

  const read = async () => {
    if (pc.connectionState !== 'connected') {
      previous = null;
      return;
    }
    const report = await pc.getStats();
    if (over()) return;
    const sample = readSample(report.values(), side, now());
    const quality = summarise(previous, sample, side);
    previous = sample;
    if (sameQuality(quality, told)) return;
    told = quality;
    onQuality(quality);
  };
  const tick = () => {
    if (over()) return;
    read()
      .catch((error: unknown) => over() || failures.report('read-quality', error))
      .finally(() => {
        if (!over()) timer = setTimeout(tick, everyMs);
      });
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  tick();
}
