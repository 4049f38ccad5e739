import type { Browser } from 'puppeteer';

/**
 * How long a new window is left to load before its page navigates. Each run opens its page in a new
 * browser context, which headless Chromium shows in a new window, and a new window loads the
 * browser's own UI: a trace showed chrome://omnibox-popup.top-chrome taking most of a core while the
 * set-up was being timed, on this 2-core machine. A helper clicks the link in a browser that is
 * already open, so every page (Lookover's, the floor's, Trystero's) waits that out on about:blank.
 */
export const WINDOW_SETTLE_MS = 1000;

/** A page in a fresh browser context (no cache, no storage), its window settled. */
export async function freshPage(browser: Browser) {
  const page = await (await browser.createBrowserContext()).newPage();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_SETTLE_MS));
  return page;
}
