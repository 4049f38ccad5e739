/** Set by wxt.config.ts from LOOKOVER_SERVER at build time. */
declare const __LOOKOVER_DEFAULT_SERVER__: string;
/** True only in the benchmark build (LOOKOVER_BENCH=1): the overlay then reports paint times. */
declare const __LOOKOVER_BENCH__: boolean;
