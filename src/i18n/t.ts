import { CATALOGS } from './catalogs.ts';
import { pickLanguage, type Language } from './language.ts';
import { translator } from './translate.ts';

/**
 * The language of this page or worker: the browser's UI language in the extension (what Chrome
 * also picks the manifest's `_locales` by), the page's preferred languages on the helper page.
 */
function detect(): Language {
  try {
    const ui = globalThis.chrome?.i18n?.getUILanguage?.();
    if (ui) return pickLanguage([ui]);
  } catch {
    // Not an extension context (or a test double without i18n): the page's languages below.
  }
  const nav = globalThis.navigator;
  return pickLanguage(nav?.languages?.length ? nav.languages : [nav?.language]);
}

export const language: Language = detect();
export const { t, say, template } = translator(CATALOGS[language]);

/** `<html lang>`, so screen readers and fonts treat the page as the language it is in. */
export function markDocumentLanguage(title?: string) {
  document.documentElement.lang = language;
  if (title !== undefined) document.title = title;
}
