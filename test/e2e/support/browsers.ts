import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
export const EXTENSION_DIR = fileURLToPath(new URL('../../../.output/chrome-mv3', import.meta.url));

// Quiet on a closed network (no background requests, component updates, sync, first-run pages or
// QUIC), and WebRTC over loopback host candidates: allowed, and with their real address rather than
// an mDNS name.
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/**
 * Chromium in another language. In headless Chromium `--lang` sets the locale the extension's
 * manifest is read in (`_locales`), but not `navigator.language` nor `chrome.i18n.getUILanguage()`
 * (both stay en-US, and LANGUAGE/LANG change nothing); `--accept-lang` sets `navigator.languages`.
 */
export const inLanguage = (tag: string) => [`--lang=${tag}`, `--accept-lang=${tag}`];

export interface Launched {
  browser: Browser;
  close(): Promise<void>;
}

async function launch(options: {
  extension: boolean;
  args?: string[];
  extensionDir?: string;
  executablePath?: string;
}): Promise<Launched> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lookover-e2e-'));
  const browser = await puppeteer.launch({
    executablePath: options.executablePath ?? CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir,
    // A real window size, not viewport emulation: capture sees the real surface.
    defaultViewport: null,
    args: [...FLAGS, '--window-size=1024,640', ...(options.args ?? [])],
    // puppeteer mutes every page by default, and a muted tab gives tab capture only silence.
    ignoreDefaultArgs: ['--mute-audio'],
    ...(options.extension ? { enableExtensions: true } : {}),
  });
  // Not `enableExtensions: [dir]`: that installs in the background, and a quick first test can
  // look for the extension before it is there. Installing explicitly returns once it is loaded.
  if (options.extension) await browser.installExtension(options.extensionDir ?? EXTENSION_DIR);
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The sharer: Chromium with the built extension loaded; `executablePath` can run it elsewhere. */
export const launchSharer = (args: string[] = [], extensionDir = EXTENSION_DIR, executablePath?: string) =>
  launch({ extension: true, args, extensionDir, ...(executablePath ? { executablePath } : {}) });
/** The helper: a separate, plain browser with no extension. */
export const launchHelper = (args: string[] = [], executablePath?: string) =>
  launch({ extension: false, args, ...(executablePath ? { executablePath } : {}) });

/**
 * A helper in Firefox (Debian's ESR), driven over WebDriver BiDi. Its profile is puppeteer's
 * throwaway one, removed on close.
 */
export async function launchFirefoxHelper(): Promise<Launched> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: null,
    args: ['--width=1024', '--height=640'],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
