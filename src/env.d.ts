/** Set by wxt.config.ts from LOOKOVER_SERVER at build time. */
declare const __LOOKOVER_DEFAULT_SERVER__: string;
