import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** Tests of extension code that calls the extension APIs: they run against WXT's in-memory fake. */
const FAKE_BROWSER_TESTS = 'src/**/*.fake-browser.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/tools/**/*.test.ts'],
          exclude: [...configDefaults.exclude, FAKE_BROWSER_TESTS],
        },
      },
      {
        plugins: [WxtVitest()],
        resolve: {
          // The extension imports the promise-based polyfill, not `wxt/browser`: it must be the fake
          // too, or the code under test would reach for a browser that is not there.
          alias: {
            'webextension-polyfill': fileURLToPath(
              new URL('./node_modules/wxt/dist/virtual/mock-browser.mjs', import.meta.url),
            ),
          },
        },
        // WxtVitest leaves out wxt.config.ts's `vite.define`, and the settings read this build-time default.
        define: { __LOOKOVER_DEFAULT_SERVER__: JSON.stringify('http://localhost:8787') },
        test: { name: 'extension', include: [FAKE_BROWSER_TESTS] },
      },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Real browsers on a 2-core machine: one file at a time, after the fast suites.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
