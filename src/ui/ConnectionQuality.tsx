import { useId } from 'preact/hooks';
import type { Quality, QualityLevel } from '../core/rtc/quality.ts';

const WORD: Record<QualityLevel, string> = { good: 'Good', fair: 'Fair', poor: 'Poor' };
const BARS: Record<QualityLevel, number> = { good: 3, fair: 2, poor: 1 };

const unknown = (value: number | null, show: (n: number) => string) =>
  value === null ? 'unknown' : show(value);
const bitrate = (kbps: number) => (kbps >= 1000 ? `${kbps / 1000} Mbit/s` : `${kbps} kbit/s`);

/** The details, one "Name: value" line each, in the order a person asks about them. */
export function qualityDetails(quality: Quality | null): [string, string][] {
  const q = quality;
  return [
    ['Route', q?.route === 'relayed' ? 'relayed (TURN)' : (q?.route ?? 'unknown')],
    // Rounded to whole milliseconds, a loopback or LAN round trip would read "0 ms".
    ['Round trip', unknown(q?.rttMs ?? null, (ms) => (ms < 1 ? 'under 1 ms' : `${ms} ms`))],
    ['Frame rate', unknown(q?.fps ?? null, (fps) => `${fps} fps`)],
    [
      'Resolution',
      q?.width != null && q.height != null && q.width > 0 ? `${q.width}×${q.height}` : 'unknown',
    ],
    ['Bitrate', unknown(q?.kbps ?? null, bitrate)],
    ['Loss', unknown(q?.lossPercent ?? null, (percent) => `${percent}%`)],
  ];
}

/**
 * Bars and a word for the connection, with the numbers behind it on hover and on keyboard focus
 * (the button is focusable and described by them), and what to do about it in plain words when it
 * is poor. Shared by the popup (per helper) and the helper page's header.
 */
export function ConnectionQuality({ quality }: { quality: Quality | null }) {
  const detailsId = useId();
  const level = quality?.level ?? null;
  const word = level ? WORD[level] : 'Checking…';
  const hints = quality?.hints ?? [];
  return (
    <span class="quality" data-level={level ?? 'unknown'}>
      <button
        type="button"
        class="quality-button"
        aria-label={`Connection quality: ${level ?? 'not known yet'}`}
        aria-describedby={detailsId}
      >
        <span class="quality-bars" aria-hidden="true">
          {[1, 2, 3].map((bar) => (
            <i key={bar} class={level && bar <= BARS[level] ? 'on' : ''} />
          ))}
        </span>
        <span aria-hidden="true">{word}</span>
      </button>
      <span class="quality-details" id={detailsId} role="tooltip">
        {qualityDetails(quality).map(([name, value]) => (
          <span key={name} class="quality-line">
            {name}: {value}
          </span>
        ))}
        {hints.map((hint) => (
          <span key={hint} class="quality-line quality-advice">
            {hint}
          </span>
        ))}
      </span>
      {level === 'poor' && hints.length > 0 && <span class="quality-hint">{hints.join(' ')}</span>}
    </span>
  );
}
