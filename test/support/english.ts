import { en } from '../../src/i18n/en.ts';
import { translator, type Phrase } from '../../src/i18n/translate.ts';

/** What a phrase from `src/core/` says in English, for tests that read it. */
export const english: (p: Phrase) => string = translator(en).say;
