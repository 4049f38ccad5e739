import { randomId } from '../core/util/bytes.ts';

/** The helper's display name, remembered across shares on this browser. */
const NAME_KEY = 'lookover.name';

export const rememberedName = (): string => {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
};

export const rememberName = (name: string) => {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Storage may be off (private mode): the name is then asked for each time.
  }
};

/**
 * A secret per session and per tab that survives a reload (sessionStorage) so the sharer can let
 * the same person back in without asking again; a new tab or browser is a new request.
 */
export function resumeSecret(sessionId: string): string {
  const key = `lookover.resume.${sessionId}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    const fresh = randomId();
    sessionStorage.setItem(key, fresh);
    return fresh;
  } catch {
    return randomId();
  }
}
