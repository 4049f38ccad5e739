import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CATALOGS } from '../i18n/catalogs.ts';

/**
 * The page's entry is small and loads the rest with `import()` (see main.ts). Vite fetches a dynamic
 * chunk only when it is imported, one round trip after the entry: listing it, and its CSS, in the
 * HTML fetches both alongside the entry instead.
 */
const preloadDynamicChunks = (): Plugin => ({
  name: 'lookover-preload-dynamic-chunks',
  transformIndexHtml: {
    order: 'post',
    handler(_html, { bundle }) {
      const chunks = Object.values(bundle ?? {}).filter((c) => c.type === 'chunk' && c.isDynamicEntry);
      return chunks.flatMap((chunk) => [
        {
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` },
          injectTo: 'head' as const,
        },
        ...[...(chunk.type === 'chunk' ? (chunk.viteMetadata?.importedCss ?? []) : [])].map((css) => ({
          tag: 'link',
          attrs: { rel: 'stylesheet', crossorigin: true, href: `./${css}` },
          injectTo: 'head' as const,
        })),
      ]);
    },
  },
});

// The helper page: a plain web app (no extension) that the Lookover server serves at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: fileURLToPath(new URL('../../.output/helper', import.meta.url)), emptyOutDir: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  define: {
    __LOOKOVER_LOAD_FAILED__: JSON.stringify(
      Object.fromEntries(
        Object.entries(CATALOGS).map(([language, said]) => [language, said['helper.loadFailed']]),
      ),
    ),
  },
  plugins: [preloadDynamicChunks()],
});
