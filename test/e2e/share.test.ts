import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { serveAnimatedPage } from './support/animated-page.ts';
import { launchHelper, launchSharer, type Launched } from './support/browsers.ts';
import { HelperPage, OptionsPage, SharedTab } from './support/pages.ts';

let server: LookoverServer;
let site: Awaited<ReturnType<typeof serveAnimatedPage>>;
let helperBrowser: Launched;
const opened: Launched[] = [];

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1' });
  site = await serveAnimatedPage();
  helperBrowser = await launchHelper();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
  for (const page of await helperBrowser.browser.pages()) await page.close();
});
afterAll(async () => {
  await helperBrowser?.close();
  await site?.close();
  await server?.close();
});

/** A sharer's browser pointed at the test server, with the animated page open in a tab. */
async function sharerWithTab(args: string[] = []) {
  const sharer = await launchSharer(args);
  opened.push(sharer);
  const options = await OptionsPage.open(sharer.browser);
  await options.useServer(server.url, server.brokerUrl);
  const tab = await SharedTab.open(sharer.browser, site.url);
  return { sharer, tab };
}

async function expectLiveVideo(helper: HelperPage, tab: SharedTab) {
  await helper.waitForPhase('live');
  const first = await helper.video();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const later = await helper.video();
  expect(later.framesDecoded).toBeGreaterThan(first.framesDecoded);
  const { width, height, dpr } = await tab.viewport();
  // Same picture as the tab, give or take the even-pixel rounding video encoders need.
  expect(Math.abs(later.width - width * dpr)).toBeLessThanOrEqual(2);
  expect(Math.abs(later.height - height * dpr)).toBeLessThanOrEqual(2);
}

async function expectPointerFollows(helper: HelperPage, tab: SharedTab) {
  expect(await tab.pointerShownAt(0.25, 0.7)).toBe(false);
  await helper.pointAt(0.25, 0.7);
  await expect.poll(() => tab.pointerShownAt(0.25, 0.7), { timeout: 10_000 }).toBe(true);
  await helper.pointAt(0.8, 0.3);
  await expect.poll(() => tab.pointerShownAt(0.8, 0.3), { timeout: 10_000 }).toBe(true);
  expect(await tab.pointerShownAt(0.25, 0.7)).toBe(false);
}

async function share(tab: SharedTab, how: 'tab' | 'display') {
  const { popup, link } = await tab.startSharing(how);
  const url = new URL(link);
  // Secrets only in the fragment, which never reaches a server.
  expect(url.origin + url.pathname).toBe(server.url);
  expect(url.search).toBe('');
  return { popup, link };
}

describe('sharing a tab with a helper', () => {
  it('"Share this tab": the helper sees the tab live and points at it', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');

    const helper = await HelperPage.open(helperBrowser.browser, link);
    await expectLiveVideo(helper, tab);
    await popup.waitForText('connected');
    await expectPointerFollows(helper, tab);
  });

  it('"Share a window or screen...": the picked tab streams and takes pointers', async () => {
    // Headless Chromium has no picker on screen: this flag picks the tab with that title.
    const { tab } = await sharerWithTab([`--auto-select-tab-capture-source-by-title=${site.title}`]);
    const { link } = await share(tab, 'display');

    const helper = await HelperPage.open(helperBrowser.browser, link);
    await expectLiveVideo(helper, tab);
    await expectPointerFollows(helper, tab);
  });

  it('"Stop sharing" ends it everywhere: helper told, badge and overlay cleared', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await HelperPage.open(helperBrowser.browser, link);
    await helper.waitForPhase('live');
    expect(await tab.hasOverlay()).toBe(true);

    await popup.stopSharing();
    await helper.waitForPhase('ended', 10_000);
    expect(await helper.message()).toContain('The share has ended');
    await popup.waitForText('You stopped sharing.');
    await expect.poll(() => tab.hasOverlay()).toBe(false);
    const worker = await (await sharer.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    await expect.poll(() => worker!.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    // Nothing left running: the offscreen document (capture, broker connection) is gone.
    await expect
      .poll(() => sharer.browser.targets().filter((t) => t.url().includes('offscreen.html')).length)
      .toBe(0);
  });

  it('a broken link says so instead of spinning', async () => {
    const page = await helperBrowser.browser.newPage();
    const helper = new HelperPage(page);
    await page.goto(`${server.url}#v=1&s=abc`);
    await helper.waitForPhase('invalid-link');
    expect(await helper.message()).toContain('incomplete or damaged');
  });
});
