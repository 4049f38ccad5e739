/** Set by wxt.config.ts from LOOKOVER_SERVER at build time. */
declare const __LOOKOVER_DEFAULT_SERVER__: string;
/** True only in the benchmark build (LOOKOVER_BENCH=1): the overlay then reports paint times. */
declare const __LOOKOVER_BENCH__: boolean;
/**
 * The helper page's "could not load" message in each language, from the catalog, set by its
 * vite.config.ts: the page's small first script says it without loading the catalog.
 */
declare const __LOOKOVER_LOAD_FAILED__: Record<import('./i18n/language.ts').Language, string>;
