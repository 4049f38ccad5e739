import { phrase, type Phrase } from '../../i18n/translate.ts';

/** How long something has lasted, as the popup says it: "less than a minute", "12 min", "1 h 5 min". */
export function sharedFor(ms: number): Phrase {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return phrase('duration.underAMinute');
  if (minutes < 60) return phrase('duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0
    ? phrase('duration.hours', { hours })
    : phrase('duration.hoursMinutes', { hours, minutes: rest });
}

/** Whole seconds left, never below zero: "ends in 45 s". */
export const secondsLeft = (until: number, now: number) => Math.max(0, Math.ceil((until - now) / 1000));
