import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer, type LookoverServer } from '../../../src/server/server.ts';
import { serveAnimatedPage } from './animated-page.ts';
import { launchFirefoxHelper, launchHelper, launchSharer, type Launched } from './browsers.ts';
import { HelperPage, OptionsPage, SharedTab, type Popup } from './pages.ts';

/**
 * The fixture every end-to-end file shares: a Lookover server on a random port, an animated page
 * to share, and a second, separate browser for helpers (Chromium, or Firefox with `helper`).
 * Sharers' browsers close after each test.
 */
export function useSession(options: { helper?: 'chromium' | 'firefox' } = {}) {
  const env = {} as {
    server: LookoverServer;
    site: Awaited<ReturnType<typeof serveAnimatedPage>>;
    helperBrowser: Launched;
  };
  const opened: Launched[] = [];

  beforeAll(async () => {
    env.server = await startServer({ port: 0, host: '127.0.0.1' });
    env.site = await serveAnimatedPage();
    env.helperBrowser = await (options.helper === 'firefox' ? launchFirefoxHelper() : launchHelper());
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
    for (const context of env.helperBrowser.browser.browserContexts()) {
      if (context !== env.helperBrowser.browser.defaultBrowserContext()) await context.close();
    }
  });
  afterAll(async () => {
    await env.helperBrowser?.close();
    await env.site?.close();
    await env.server?.close();
  });

  /**
   * A sharer's browser pointed at the test server, with the animated page open in a tab: through
   * its helper page and broker under Advanced, or with `onlyServer` by the server's address alone.
   */
  async function sharerWithTab(
    options: {
      args?: string[];
      settings?: Record<string, string>;
      relayOnly?: boolean;
      onlyServer?: boolean;
    } = {},
  ) {
    const sharer = await launchSharer(options.args);
    opened.push(sharer);
    const page = await OptionsPage.open(sharer.browser);
    if (options.onlyServer) await page.useLookoverServer(new URL(env.server.url).origin);
    else await page.useServer(env.server.url, env.server.brokerUrl, options.settings, options.relayOnly);
    const tab = await SharedTab.open(sharer.browser, env.site.url);
    return { sharer, tab };
  }

  async function share(tab: SharedTab, how: 'tab' | 'display' = 'tab', options: { sound?: boolean } = {}) {
    const { popup, link } = await tab.startSharing(how, options.sound);
    const url = new URL(link);
    // Secrets only in the fragment, which never reaches a server.
    expect(url.origin + url.pathname).toBe(env.server.url);
    expect(url.search).toBe('');
    return { popup, link };
  }

  /** A helper opens the link, gives a name, and the sharer lets them in after comparing codes. */
  async function admitHelper(
    popup: Popup,
    link: string,
    name = 'Ana',
    options: Parameters<typeof HelperPage.open>[2] = {},
  ) {
    const helper = await HelperPage.open(env.helperBrowser.browser, link, options);
    const code = await helper.knock(name);
    expect(await popup.requestCode(name)).toBe(code);
    await popup.allow(name);
    await helper.waitForPhase('live');
    return helper;
  }

  /** Stops the whole Lookover server (broker included) and, after `downMs`, starts it on the same port. */
  async function restartServer(downMs = 0) {
    const port = Number(new URL(env.server.url).port);
    await env.server.close();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    env.server = await startServer({ port, host: '127.0.0.1' });
  }

  return { env, sharerWithTab, share, admitHelper, restartServer };
}

export async function expectLiveVideo(helper: HelperPage, tab: SharedTab) {
  await helper.waitForPhase('live');
  const first = await helper.video();
  await expect
    .poll(async () => (await helper.video()).framesDecoded, { timeout: 10_000 })
    .toBeGreaterThan(first.framesDecoded + 5);
  const later = await helper.video();
  const { width, height, dpr } = await tab.viewport();
  // Same picture as the tab, give or take the even-pixel rounding video encoders need.
  expect(Math.abs(later.width - width * dpr)).toBeLessThanOrEqual(2);
  expect(Math.abs(later.height - height * dpr)).toBeLessThanOrEqual(2);
}

export async function expectPointerFollows(helper: HelperPage, tab: SharedTab) {
  expect(await tab.pointerShownAt(0.25, 0.7)).toBe(false);
  await helper.pointAt(0.25, 0.7);
  await expect.poll(() => tab.pointerShownAt(0.25, 0.7), { timeout: 10_000 }).toBe(true);
  await helper.pointAt(0.8, 0.3);
  await expect.poll(() => tab.pointerShownAt(0.8, 0.3), { timeout: 10_000 }).toBe(true);
  expect(await tab.pointerShownAt(0.25, 0.7)).toBe(false);
}

export const frameCountGrows = async (helper: HelperPage) => {
  const before = (await helper.video()).framesDecoded;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return (await helper.video()).framesDecoded > before + 3;
};
