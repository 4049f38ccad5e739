import { defineConfig } from 'wxt';
import { CATALOGS } from './src/i18n/catalogs.ts';
import type { Key } from './src/i18n/translate.ts';

// The embedded server's address is the default; `LOOKOVER_SERVER=https://example.org npm run build`
// bakes another one in (the options page can still change it at run time).
const server = process.env.LOOKOVER_SERVER ?? 'http://localhost:8787';
// `LOOKOVER_BENCH=1` builds a benchmark variant into .output/bench: its overlay reports paint times
// to the page (npm run bench measures pointer latency with it). Normal builds compile that out.
const bench = process.env.LOOKOVER_BENCH === '1';

/** What the manifest says, by its `__MSG_<name>__`, from the one catalog. */
const MANIFEST_MESSAGES: Record<string, Key> = {
  name: 'manifest.name',
  description: 'manifest.description',
};
/**
 * Chrome reads the manifest's words from `_locales/<locale>/messages.json` (locale names use `_`):
 * written here at build time, so the catalog stays the only copy.
 */
const localeFiles = () =>
  Object.entries(CATALOGS).map(([language, catalog]) => ({
    relativeDest: `_locales/${language.replace('-', '_')}/messages.json`,
    contents: JSON.stringify(
      Object.fromEntries(
        Object.entries(MANIFEST_MESSAGES).map(([name, key]) => [name, { message: catalog[key] }]),
      ),
      null,
      2,
    ),
  }));

export default defineConfig({
  outDir: bench ? '.output/bench' : '.output',
  publicDir: 'assets/public',
  hooks: {
    'build:publicAssets': (_wxt, files) => void files.push(...localeFiles()),
  },
  vite: () => ({
    define: {
      __LOOKOVER_DEFAULT_SERVER__: JSON.stringify(server),
      __LOOKOVER_BENCH__: JSON.stringify(bench),
    },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
  manifest: {
    name: '__MSG_name__',
    description: '__MSG_description__',
    default_locale: 'en',
    // No `tabs`: the popup needs only the active tab's id, and the worker only tab ids and load status.
    permissions: ['tabCapture', 'offscreen', 'storage', 'scripting', 'activeTab', 'notifications'],
    // Only to put the overlay back on the shared tab after it navigates: activeTab ends there, and an
    // optional permission for the tab's origin would not cover a link to another site (README,
    // "Permissions").
    host_permissions: ['<all_urls>'],
    action: { default_title: 'Lookover: get help with this tab' },
    icons: { 16: 'icon-16.png', 48: 'icon-48.png', 128: 'icon-128.png' },
  },
});
