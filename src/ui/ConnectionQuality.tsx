import { useId } from 'preact/hooks';
import type { Quality, QualityLevel } from '../core/rtc/quality.ts';
import { say, t } from '../i18n/t.ts';

const WORD = { good: 'quality.good', fair: 'quality.fair', poor: 'quality.poor' } as const;
const LABEL = { good: 'quality.labelGood', fair: 'quality.labelFair', poor: 'quality.labelPoor' } as const;
const BARS: Record<QualityLevel, number> = { good: 3, fair: 2, poor: 1 };

const unknown = (value: number | null, show: (n: number) => string) =>
  value === null ? t('quality.unknown') : show(value);
const bitrate = (kbps: number) =>
  kbps >= 1000 ? t('quality.mbps', { mbps: kbps / 1000 }) : t('quality.kbps', { kbps });

/** The details, one "Name: value" line each, in the order a person asks about them. */
export function qualityDetails(quality: Quality | null): [string, string][] {
  const q = quality;
  const route = q?.route ?? null;
  return [
    [
      t('quality.route'),
      route ? t(route === 'relayed' ? 'quality.relayed' : 'quality.direct') : t('quality.unknown'),
    ],
    // Rounded to whole milliseconds, a loopback or LAN round trip would read "0 ms".
    [
      t('quality.roundTrip'),
      unknown(q?.rttMs ?? null, (ms) => (ms < 1 ? t('quality.underOneMs') : t('quality.ms', { ms }))),
    ],
    [t('quality.frameRate'), unknown(q?.fps ?? null, (fps) => t('quality.fps', { fps }))],
    [
      t('quality.resolution'),
      q?.width != null && q.height != null && q.width > 0 ? `${q.width}×${q.height}` : t('quality.unknown'),
    ],
    [t('quality.bitrate'), unknown(q?.kbps ?? null, bitrate)],
    [t('quality.loss'), unknown(q?.lossPercent ?? null, (percent) => t('quality.percent', { percent }))],
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
  const word = t(level ? WORD[level] : 'quality.checking');
  const hints = (quality?.hints ?? []).map(say);
  return (
    <span class="quality" data-level={level ?? 'unknown'}>
      <button
        type="button"
        class="quality-button"
        aria-label={t(level ? LABEL[level] : 'quality.labelUnknown')}
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
            {t('quality.line', { name, value })}
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
