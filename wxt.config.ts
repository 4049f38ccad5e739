import { defineConfig } from 'wxt';

// The embedded server's address is the default; `LOOKOVER_SERVER=https://example.org npm run build`
// bakes another one in (the options page can still change it at run time).
const server = process.env.LOOKOVER_SERVER ?? 'http://localhost:8787';
// `LOOKOVER_BENCH=1` builds a benchmark variant into .output/bench: its overlay reports paint times
// to the page (npm run bench measures pointer latency with it). Normal builds compile that out.
const bench = process.env.LOOKOVER_BENCH === '1';

export default defineConfig({
  outDir: bench ? '.output/bench' : '.output',
  publicDir: 'assets/public',
  vite: () => ({
    define: {
      __LOOKOVER_DEFAULT_SERVER__: JSON.stringify(server),
      __LOOKOVER_BENCH__: JSON.stringify(bench),
    },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
  manifest: {
    name: 'Lookover',
    description: 'Share this tab with someone who can watch it live and point at what to do.',
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
