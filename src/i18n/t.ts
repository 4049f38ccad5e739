import { CATALOGS } from './catalogs.ts';
import { pickLanguage, type Language } from './language.ts';
import { translator } from './translate.ts';

/**
 * The language of this page or worker, the same rule everywhere: the first of the person's
 * preferred languages (`navigator.languages`) that Lookover has, then, in the extension, the
 * browser's UI language (what Chrome picks the manifest's `_locales` by).
 */
function detect(): Language {
  const nav = globalThis.navigator;
  const preferred: (string | undefined)[] = nav?.languages?.length ? [...nav.languages] : [nav?.language];
  try {
    preferred.push(globalThis.chrome?.i18n?.getUILanguage?.());
  } catch {
    // Not an extension context, or a test double without i18n.
  }
  return pickLanguage(preferred);
}

export const language: Language = detect();
export const { t, say, template } = translator(CATALOGS[language]);

/** `<html lang>`, so screen readers and fonts treat the page as the language it is in. */
export function markDocumentLanguage(title?: string) {
  document.documentElement.lang = language;
  if (title !== undefined) document.title = title;
}
