import type { Browser, Page } from 'puppeteer';
import { randomId } from '../../src/core/util/bytes.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { launchHelper, launchSharer, type Launched } from '../e2e/support/browsers.ts';
import { OptionsPage, SharedTab, type Popup } from '../e2e/support/pages.ts';
import { startEmbedded } from './brokers.ts';
import { benchPagesMayConnect, serveBenchPages } from './floor-pages.ts';
import { freshPage } from './fresh-page.ts';
import { BARCODE, installTimingProbe, measureGlassToGlass } from './probes.ts';
import { cpuShare } from './cpu.ts';
import { summary } from './stats.ts';

// Headless Chromium's window is this much taller than its viewport (measured: 640 -> 553).
const CHROME_HEIGHT = 87;
export const windowFor = (height: number) =>
  `--window-size=${height === 720 ? 1280 : 1920},${height + CHROME_HEIGHT}`;

interface Timing {
  openToFirstFrame: number;
  offerToIceConnected: number;
  /** Lookover only (the floor has no data channel): page open -> first data channel open. */
  openToDataChannel: number;
  /** Lookover only: broker connection open -> first data channel open (Trystero's interval). */
  brokerToDataChannel: number;
}

// tsx keeps function names with a `__name` helper that exists only in Node: pages evaluating our
// functions need one too.
const NODE_NAMES_SHIM = 'globalThis.__name ??= (f) => f;';

/** Opens a helper page with the timing probe; `name` is remembered so Lookover's page joins at once. */
export async function openHelper(browser: Browser, url: string, name?: string) {
  const page = await freshPage(browser);
  await page.evaluateOnNewDocument(NODE_NAMES_SHIM);
  await page.evaluateOnNewDocument(installTimingProbe);
  if (name) await page.evaluateOnNewDocument((n) => localStorage.setItem('lookover.name', n), name);
  await page.goto(url);
  return page;
}

export async function timing(page: Page, humanMs = 0): Promise<Timing> {
  await page.waitForFunction(() => (window as unknown as Record<string, number>).benchFirstFrameAt, {
    timeout: 30_000,
  });
  return page.evaluate((human) => {
    const w = window as unknown as Record<string, number>;
    return {
      openToFirstFrame: w.benchFirstFrameAt! - performance.timeOrigin - human,
      offerToIceConnected: w.benchIceConnectedAt! - w.benchOfferAt!,
      openToDataChannel: w.benchChannelAt ? w.benchChannelAt - performance.timeOrigin : NaN,
      brokerToDataChannel:
        w.benchChannelAt && w.benchBrokerOpenAt ? w.benchChannelAt - w.benchBrokerOpenAt : NaN,
    };
  }, humanMs);
}

const g2g = (page: Page, ms: number) => page.evaluate(measureGlassToGlass, ms, BARCODE.block, BARCODE.bits);

function summarise(timings: Timing[], glass: Awaited<ReturnType<typeof g2g>>, seconds: number) {
  const median = glass.gaps.length
    ? [...glass.gaps].sort((a, b) => a - b)[Math.floor(glass.gaps.length / 2)]!
    : 0;
  return {
    openToFirstFrameMs: summary(timings.map((t) => t.openToFirstFrame)),
    offerToIceConnectedMs: summary(timings.map((t) => t.offerToIceConnected)),
    openToDataChannelMs: summary(timings.map((t) => t.openToDataChannel).filter((t) => !Number.isNaN(t))),
    brokerToDataChannelMs: summary(timings.map((t) => t.brokerToDataChannel).filter((t) => !Number.isNaN(t))),
    glassToGlassMs: summary(glass.latencies),
    decodedShare: Math.round((glass.latencies.length / Math.max(1, glass.frames)) * 100) / 100,
    fps: Math.round((glass.frames / seconds) * 10) / 10,
    // A freeze: a gap between presented frames over 3 median gaps and at least 150 ms.
    freezes: glass.gaps.filter((gap) => gap > Math.max(150, 3 * median)).length,
    frame: `${glass.width}x${glass.height}`,
  };
}

/** Glass to glass, fps and freezes on the helper, and both whole browsers' CPU, while streaming. */
async function streaming(
  sharer: Launched,
  helpers: Launched,
  page: Page,
  timings: Timing[],
  seconds: number,
) {
  const { result: glass, percent } = await cpuShare(
    { sharer: sharer.browser.process()!.pid!, helper: helpers.browser.process()!.pid! },
    () => g2g(page, seconds * 1000),
  );
  return { ...summarise(timings, glass, seconds), cpuPercentOfOneCore: percent };
}

/**
 * Runs in the sharer's popup: records when the request's Allow button is there and enabled (its
 * code shown) and when it is clicked. The time between is the sharer's decision, taken out of the
 * helper's time to picture. Timed in the popup itself: timed from puppeteer, it also took in
 * puppeteer's polling for the button and its round trips to click it (tens of ms each run).
 */
async function watchDecision(popup: Popup, name: string) {
  await popup.page.evaluate(NODE_NAMES_SHIM);
  await popup.page.evaluate(watchInPopup, `Allow ${name}`);
}
function watchInPopup(label: string) {
  const w = window as unknown as { benchShownAt?: number; benchClickAt?: number };
  delete w.benchShownAt;
  delete w.benchClickAt;
  const shown = () => {
    if (w.benchShownAt) return observer.disconnect();
    const button = [...document.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === label,
    );
    if (button && !button.disabled) w.benchShownAt = Date.now();
  };
  const observer = new MutationObserver(shown);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  shown();
  document.addEventListener('click', () => (w.benchClickAt ??= Date.now()), { capture: true, once: true });
}

/**
 * Lookover shares `pageUrl`; helpers join one after another, each let in and timed. `popupOpen`: whether the sharer's popup stays open while each helper connects. Often it is not:
 * Chrome closes it as soon as the sharer clicks elsewhere, say to paste the link in a chat, and a
 * notification says when someone asks to watch. Open, it renders each change on the offscreen
 * document's main thread (the same extension process).
 */
export async function lookoverRuns(
  sharer: Launched,
  helpers: Launched,
  server: Pick<LookoverServer, 'url' | 'brokerUrl'>,
  pageUrl: string,
  runs: number,
  popupOpen = true,
) {
  await (await OptionsPage.open(sharer.browser)).useServer(server.url, server.brokerUrl);
  const tab = await SharedTab.open(sharer.browser, pageUrl);
  const started = await tab.startSharing('tab');
  const link = started.link;
  let popup: Popup | null = started.popup;
  const closePopup = async () => {
    if (popupOpen || !popup) return;
    await popup.page.close();
    popup = null;
  };
  await closePopup();
  const timings: Timing[] = [];
  let last: Page | null = null;
  for (let run = 0; run < runs; run++) {
    const name = `Run${run}`;
    if (last) {
      // Removed by the sharer first (the cap counts watchers), then the page goes.
      popup ??= await tab.openPopup();
      await popup.remove(`Run${run - 1}`);
      await last.browserContext().close();
      await closePopup();
    }
    // An open popup is watched from before the helper comes; one opened later, from when it opens.
    if (popup) await watchDecision(popup, name);
    const page = await openHelper(helpers.browser, link, name);
    // The popup is read once the helper's data channel is open: puppeteer's ARIA queries poll the
    // popup, whose page shares the offscreen document's main thread, and loaded the path being timed.
    await page.waitForFunction(() => (window as unknown as Record<string, number>).benchChannelAt, {
      timeout: 30_000,
    });
    if (!popup) {
      popup = await tab.openPopup();
      await watchDecision(popup, name);
    }
    await popup.requestCode(name);
    await popup.allow(name);
    // The sharer's decision is human time: count only the machine's part of the path.
    const decision = await popup.page.evaluate(() => {
      const w = window as unknown as { benchShownAt: number; benchClickAt: number };
      return w.benchClickAt - w.benchShownAt;
    });
    timings.push(await timing(page, decision));
    last = page;
  }
  return { timings, last: last! };
}

async function lookover(
  server: LookoverServer,
  pagesUrl: string,
  height: number,
  runs: number,
  seconds: number,
) {
  const sharer = await launchSharer([windowFor(height)]);
  const helpers = await launchHelper();
  try {
    const { timings, last } = await lookoverRuns(sharer, helpers, server, `${pagesUrl}/barcode.html`, runs);
    return await streaming(sharer, helpers, last, timings, seconds);
  } finally {
    await sharer.close();
    await helpers.close();
  }
}

/**
 * Connect time as Trystero's is measured: the sharer's browser as idle as its pages (a page that does
 * not move is shared; the 720p row shares a barcode repainted every frame), and the broker in a
 * process of its own, as Mosquitto is (in this process it would share an event loop with puppeteer).
 */
export async function lookoverConnect(runs: number, popupOpen: boolean) {
  const broker = await startEmbedded();
  const server = { url: broker.url.replace(/^ws/, 'http').replace(/mqtt$/, ''), brokerUrl: broker.url };
  const pages = await serveBenchPages('Lookover bench still');
  const sharer = await launchSharer([windowFor(720)]);
  const helpers = await launchHelper();
  try {
    const { timings } = await lookoverRuns(
      sharer,
      helpers,
      server,
      `${pages.url}/still.html`,
      runs,
      popupOpen,
    );
    return { brokerToDataChannelMs: summary(timings.map((t) => t.brokerToDataChannel)) };
  } finally {
    await sharer.close();
    await helpers.close();
    await pages.close();
    await broker.stop();
  }
}

/**
 * The floor's sharer page, started: it captures its own tab (the sharer's browser picks it by its
 * title) and listens for helpers on the broker.
 */
export async function startFloorSharer(browser: Browser, url: string) {
  const shared = (await browser.pages())[0] ?? (await browser.newPage());
  shared.on('console', (m) => process.env.BENCH_DEBUG && console.log('floor:', m.text()));
  shared.on('pageerror', (e) => console.log('floor page error:', e));
  await shared.goto(url);
  await shared.locator('#start').click();
  await shared.waitForFunction(() => (window as unknown as { ready?: boolean }).ready, { timeout: 20_000 });
  return shared;
}

async function floor(
  server: LookoverServer,
  pagesUrl: string,
  title: string,
  height: number,
  runs: number,
  seconds: number,
) {
  const sharer = await launchSharer([
    windowFor(height),
    `--auto-select-tab-capture-source-by-title=${title}`,
  ]);
  const helpers = await launchHelper();
  try {
    const room = randomId();
    const query = `room=${room}&broker=${encodeURIComponent(server.brokerUrl)}`;
    await startFloorSharer(sharer.browser, `${pagesUrl}/floor.html?${query}`);
    const timings: Timing[] = [];
    let last: Page | null = null;
    for (let run = 0; run < runs; run++) {
      if (last) await last.browserContext().close();
      last = await openHelper(helpers.browser, `${pagesUrl}/helper.html?${query}`);
      timings.push(await timing(last));
    }
    return await streaming(sharer, helpers, last!, timings, seconds);
  } finally {
    await sharer.close();
    await helpers.close();
  }
}

/** Lookover and the floor, the same page shared at 720p and 1080p, on the same embedded broker. */
export async function compareWithFloor(runs: number, seconds: number) {
  const title = `Lookover bench ${Math.random().toString(36).slice(2, 8)}`;
  const pages = await serveBenchPages(title);
  const server = await startServer({ port: 0, host: '127.0.0.1', limits: benchPagesMayConnect(pages.url) });
  const rows: ({ who: string; height: number } & Awaited<ReturnType<typeof streaming>>)[] = [];
  try {
    for (const height of [720, 1080]) {
      console.log(`  - Lookover at ${height}p`);
      rows.push({ who: 'Lookover', height, ...(await lookover(server, pages.url, height, runs, seconds)) });
      console.log(`  - floor at ${height}p`);
      rows.push({ who: 'floor', height, ...(await floor(server, pages.url, title, height, runs, seconds)) });
    }
  } finally {
    await pages.close();
    await server.close();
  }
  return rows;
}
