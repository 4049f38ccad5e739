export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** Simplified Chinese: zh alone (its usual reading), mainland China, Singapore, and any zh-Hans. */
const SIMPLIFIED_CHINESE = /^zh(?:-(?:cn|sg|hans(?:-.*)?))?$/;

/**
 * The first of the person's languages that Lookover has (BCP 47 tags, best first, as
 * `navigator.languages` lists them), English when none is.
 */
export function pickLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const normal = (tag ?? '').trim().replace(/_/g, '-').toLowerCase();
    if (SIMPLIFIED_CHINESE.test(normal)) return 'zh-CN';
    if (normal === 'en' || normal.startsWith('en-')) return 'en';
  }
  return 'en';
}
