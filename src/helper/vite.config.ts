import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The helper page: a plain web app (no extension) that the Lookover server serves at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: fileURLToPath(new URL('../../.output/helper', import.meta.url)), emptyOutDir: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
});
