import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { SessionStats } from '../../../src/extension/messages.ts';

/** Small page objects, so each test reads like what a user does. */

export const POINTER_PINK = [0xff, 0x2d, 0x95] as const;
export const INK_GREEN = [0x34, 0xc7, 0x59] as const;

const button = (name: string) => `::-p-aria([name="${name}"][role="button"])`;
// With its role: Firefox also gives a field's <label> the field's name, and a locator that finds
// the label first cannot fill it.
const textbox = (name: string) => `::-p-aria([name="${name}"][role="textbox"])`;

/** What the connection-quality indicator says: to a screen reader, in its details, and whether they show. */
export interface QualityShown {
  label: string;
  /** "Route" → "direct", "Frame rate" → "30 fps"..., read from the element that describes the button. */
  details: Record<string, string>;
  detailsVisible: boolean;
}

/** The quality indicator in the first `scope` element whose text has `name` (any, without). */
function qualityIn(page: Page, scope: string, name = ''): Promise<QualityShown | null> {
  return page.evaluate(
    (scope, name) => {
      const root = [...document.querySelectorAll(scope)].find((el) => el.textContent?.includes(name));
      const button = root?.querySelector('.quality button');
      const details = document.getElementById(button?.getAttribute('aria-describedby') ?? '');
      if (!button || !details) return null;
      const lines = [...details.children].map((line) => line.textContent ?? '');
      return {
        label: button.getAttribute('aria-label') ?? '',
        details: Object.fromEntries(
          lines.filter((line) => line.includes(': ')).map((line) => line.split(': ', 2) as [string, string]),
        ),
        detailsVisible: details.checkVisibility(),
      };
    },
    scope,
    name,
  );
}

/** Focuses the quality indicator with the keyboard, as someone tabbing through the page would. */
async function focusQualityIn(page: Page, scope: string, name = '') {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      (scope, name) => {
        const active = document.activeElement;
        return !!active?.closest('.quality') && !!active.closest(scope)?.textContent?.includes(name);
      },
      scope,
      name,
    );
    if (focused) return;
  }
  throw new Error('Tab never reached the connection quality');
}

/** The language a page says it is in (`<html lang>`). */
export const pageLanguage = (page: Page) => page.evaluate(() => document.documentElement.lang);

/** Whether the page has a button of that accessible name, as a screen reader would find it. */
export const hasButton = async (page: Page, name: string) => (await page.$(button(name))) !== null;

export async function extensionId(browser: Browser): Promise<string> {
  const [id] = (await browser.extensions()).keys();
  if (!id) throw new Error('the extension is not loaded');
  return id;
}

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser) {
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${await extensionId(browser)}/options.html`);
    return new OptionsPage(page);
  }

  /**
   * Points the extension at a helper page and a broker, set under Advanced; `more` fills other
   * fields by their label.
   */
  async useServer(
    helperUrl: string,
    brokerUrl: string,
    more: Record<string, string> = {},
    relayOnly = false,
  ) {
    await this.openAdvanced();
    await this.fill({
      'Helper page': helperUrl,
      'Signaling broker (MQTT over WebSocket)': brokerUrl,
      ...more,
    });
    if (relayOnly)
      await this.page.locator('::-p-aria([name="Relay only (always go through the TURN server)"])').click();
    await this.save();
    await this.page.close();
  }

  /** Sets only the "Lookover server" address, as most people would, and saves. */
  async useLookoverServer(address: string) {
    await this.fill({ 'Lookover server': address });
    await this.save();
    await this.page.close();
  }

  /** Types a "Lookover server" address, clicks "Test connection" and returns what it says. */
  async testConnection(address: string) {
    await this.fill({ 'Lookover server': address });
    await this.page.locator(button('Test connection')).click();
    const result = await this.page.waitForFunction(
      () => {
        const text = document.querySelector('.connection-test')?.textContent ?? '';
        return text !== '' && text !== 'Testing…' && text;
      },
      { timeout: 20_000 },
    );
    return (await result.jsonValue()) as string;
  }

  /** What a field shows, by its label. */
  value(label: string) {
    return this.page
      .locator(`::-p-aria([name="${label}"])`)
      .map((input) => (input as HTMLInputElement).value)
      .wait();
  }

  /** Waits for the form: the page renders it once the saved settings have loaded. */
  async advancedIsOpen() {
    const details = await this.page.waitForSelector('details');
    return details!.evaluate((element) => (element as HTMLDetailsElement).open);
  }

  async openAdvanced() {
    if (!(await this.advancedIsOpen())) await this.page.locator('summary::-p-text(Advanced)').click();
  }

  async resetToDefaults() {
    await this.page.locator(button('Reset to defaults')).click();
    await this.page.waitForFunction(() => document.body.textContent?.includes('Back to the defaults.'));
  }

  private async fill(fields: Record<string, string>) {
    for (const [label, value] of Object.entries(fields))
      await this.page.locator(`::-p-aria([name="${label}"])`).fill(value);
  }

  private async save() {
    await this.page.locator(button('Save')).click();
    await this.page.waitForFunction(() => document.body.textContent?.includes('Saved.'));
  }
}

/** What the offscreen document dropped as invalid, asked through the service worker. */
export async function sessionStats(browser: Browser) {
  const worker = await (await browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
  return worker!.evaluate(() =>
    chrome.runtime.sendMessage({ to: 'offscreen', type: 'get-stats' }),
  ) as Promise<SessionStats>;
}

/**
 * Makes the offscreen document's `replaceTrack(null)` fail, as a browser bug or a closing sender
 * would: what Pause, Remove and Stop rely on to take the picture away.
 */
export async function breakHidingThePicture(browser: Browser) {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'background_page' && t.url().endsWith('/offscreen.html'),
  );
  const page = await target.asPage();
  await page.evaluate(() => {
    const original = RTCRtpSender.prototype.replaceTrack;
    RTCRtpSender.prototype.replaceTrack = function (track) {
      return track === null ? Promise.reject(new Error('injected failure')) : original.call(this, track);
    };
  });
}

/** How many pixels of a colour (with a tolerance) an image has in a box given as fractions of its size. */
export function countColorIn(
  png: PNG,
  rgb: readonly [number, number, number],
  fx0: number,
  fy0: number,
  fx1: number,
  fy1: number,
) {
  let count = 0;
  for (
    let y = Math.max(0, Math.floor(fy0 * png.height));
    y <= Math.min(png.height - 1, fy1 * png.height);
    y++
  ) {
    for (
      let x = Math.max(0, Math.floor(fx0 * png.width));
      x <= Math.min(png.width - 1, fx1 * png.width);
      x++
    ) {
      const i = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[i]! - rgb[0]) < 45 &&
        Math.abs(png.data[i + 1]! - rgb[1]) < 45 &&
        Math.abs(png.data[i + 2]! - rgb[2]) < 45
      ) {
        count++;
      }
    }
  }
  return count;
}

export class SharedTab {
  constructor(
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, url: string) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.bringToFront();
    return new SharedTab(browser, page);
  }

  /**
   * Opens the popup, picks how to share and returns the helper link. Chrome closes the popup when
   * the capture starts and Lookover opens it again: the link is there without a second click.
   */
  async startSharing(how: 'tab' | 'display', sound = false): Promise<{ popup: Popup; link: string }> {
    const first = await this.openPopup();
    if (sound) await first.shareSound();
    const firstTarget = first.page.target();
    const reopened = this.browser.waitForTarget(
      (t) => t !== firstTarget && t.url().endsWith('/popup.html') && t.type() === 'page',
      { timeout: 20_000 },
    );
    reopened.catch(() => undefined);
    if (how === 'tab') await first.shareThisTab();
    else await first.shareWindowOrScreen();
    try {
      return { popup: first, link: await first.helperLink() };
    } catch (error) {
      if (!first.page.isClosed()) throw error;
    }
    const popup = new Popup(await (await reopened).asPage());
    return { popup, link: await popup.helperLink() };
  }

  /** Clicks the toolbar button: Chrome opens the popup for this tab (and grants activeTab). */
  async openPopup(): Promise<Popup> {
    const id = await extensionId(this.browser);
    const extension = (await this.browser.extensions()).get(id)!;
    await extension.triggerAction(this.page);
    const target = await this.browser.waitForTarget(
      (t) => t.url().endsWith('/popup.html') && t.type() === 'page',
    );
    const popup = await target.asPage();
    await popup.locator('main.popup').wait();
    return new Popup(popup);
  }

  /** Plays a steady 440 Hz tone in the page, from an audio element as a page's own sound would. */
  playTone() {
    return this.page.evaluate(async () => {
      const rate = 48_000;
      const samples = new Int16Array(rate);
      for (let i = 0; i < rate; i++)
        samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 16_000);
      const header = new DataView(new ArrayBuffer(44));
      const text = (at: number, value: string) =>
        [...value].forEach((c, i) => header.setUint8(at + i, c.charCodeAt(0)));
      text(0, 'RIFF');
      header.setUint32(4, 36 + samples.byteLength, true);
      text(8, 'WAVEfmt ');
      header.setUint32(16, 16, true);
      header.setUint16(20, 1, true);
      header.setUint16(22, 1, true);
      header.setUint32(24, rate, true);
      header.setUint32(28, rate * 2, true);
      header.setUint16(32, 2, true);
      header.setUint16(34, 16, true);
      text(36, 'data');
      header.setUint32(40, samples.byteLength, true);
      const audio = new Audio(URL.createObjectURL(new Blob([header, samples], { type: 'audio/wav' })));
      audio.loop = true;
      document.body.append(audio);
      await audio.play();
    });
  }

  viewport() {
    return this.page.evaluate(() => ({ width: innerWidth, height: innerHeight, dpr: devicePixelRatio }));
  }

  /** Whether the overlay paints a pointer (its pink dot) within a few pixels of a frame position. */
  async pointerShownAt(fx: number, fy: number): Promise<boolean> {
    return (await this.countColor(POINTER_PINK, fx - 0.004, fy - 0.007, fx + 0.004, fy + 0.007)) > 0;
  }

  /**
   * How many pixels of a colour (with a tolerance) a screenshot of the tab shows in a box given as
   * fractions of the viewport, which is the captured frame.
   */
  async countColor(
    rgb: readonly [number, number, number],
    fx0: number,
    fy0: number,
    fx1: number,
    fy1: number,
  ) {
    const png = PNG.sync.read(Buffer.from(await this.page.screenshot({ type: 'png' })));
    return countColorIn(png, rgb, fx0, fy0, fx1, fy1);
  }

  /** Whether the tab keeps painting frames (a frozen tab runs no requestAnimationFrame). */
  framesIn(ms: number) {
    return this.page.evaluate(
      (ms) =>
        new Promise<number>((resolve) => {
          let frames = 0;
          const start = performance.now();
          const tick = () => {
            frames++;
            if (performance.now() - start < ms) requestAnimationFrame(tick);
            else resolve(frames);
          };
          requestAnimationFrame(tick);
        }),
      ms,
    );
  }

  hasOverlay() {
    return this.page.evaluate(() => document.querySelector('lookover-overlay') !== null);
  }
}

export class Popup {
  constructor(readonly page: Page) {}

  /** Ticks "Share the sound too" (before sharing). */
  async shareSound() {
    const box = this.page.locator('::-p-aria([name="Share the sound too"])');
    await box.click();
  }

  async shareThisTab() {
    await this.page.locator(button('Share this tab')).click();
  }

  async shareWindowOrScreen() {
    await this.page.locator(button('Share a window or screen...')).click();
  }

  /** Waits for the share to go live and returns the link shown for the helper. */
  async helperLink(): Promise<string> {
    const input = await this.page.waitForSelector('::-p-aria([name="Helper link"])', { timeout: 20_000 });
    return input!.evaluate((element) => (element as HTMLInputElement).value);
  }

  /** Clicks "Copy link" and returns what the clipboard then holds, or the popup's complaint. */
  async copyLink(): Promise<string> {
    await this.page.locator(button('Copy link')).click();
    await this.page.waitForFunction(() => document.querySelector('.copied')?.textContent !== '');
    const said = await this.page.evaluate(() => document.querySelector('.copied')!.textContent!);
    if (said !== 'Copied') return said;
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Opens the QR code and reads it back from its pixels, as a phone's camera would. */
  async qrCodeLink(): Promise<string | null> {
    await this.page.locator('::-p-text(Show a QR code for a phone)').click();
    const code = await this.page.waitForSelector('::-p-aria([name="QR code of the helper link"])');
    const png = PNG.sync.read(Buffer.from(await code!.screenshot({ type: 'png' })));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  }

  /** The connection quality shown next to a watching helper. */
  quality(name: string) {
    return qualityIn(this.page, 'ul.helpers li', name);
  }

  focusQuality(name: string) {
    return focusQualityIn(this.page, 'ul.helpers li', name);
  }

  async stopSharing() {
    await this.page.locator(button('Stop sharing')).click();
  }

  /** The code shown with someone's request to watch (once both fingerprints are known). */
  async requestCode(name: string): Promise<string> {
    await this.page.waitForSelector(`${button(`Allow ${name}`)}:not([disabled])`, { timeout: 20_000 });
    return this.page.evaluate(() => document.querySelector('.request .code')?.textContent ?? '');
  }

  async allow(name: string) {
    await this.page.locator(`${button(`Allow ${name}`)}:not([disabled])`).click();
  }

  async deny(name: string) {
    await this.page.locator(button(`Deny ${name}`)).click();
  }

  async remove(name: string) {
    await this.page.locator(button(`Remove ${name}`)).click();
  }

  async pause() {
    await this.page.locator(button('Pause')).click();
  }

  async resume() {
    await this.page.locator(button('Resume')).click();
  }

  text() {
    return this.page.evaluate(() => document.body.innerText);
  }

  async waitForText(text: string, timeout = 20_000) {
    await this.page.waitForFunction((t) => document.body.innerText.includes(t), { timeout }, text);
  }

  /** The extension's name as Chrome has it: its manifest read in the browser's locale. */
  manifestName() {
    return this.page.evaluate(() => chrome.runtime.getManifest().name);
  }
}

export class HelperPage {
  /** What went wrong in the page: uncaught errors, and what its failure log reported (core/util/failures). */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (error) => this.errors.push(String(error)));
    page.on('console', (message) => {
      if (message.text().startsWith('Lookover:')) this.errors.push(message.text());
    });
  }

  /**
   * How loud the shared sound is where the helper hears it (RMS of a second of it, 0 to 1), or
   * null when the share has no sound.
   */
  async soundLevel(): Promise<number | null> {
    return this.page.evaluate(async () => {
      const stream = document.querySelector('video')?.srcObject as MediaStream | null;
      const track = stream?.getAudioTracks()[0];
      if (!track) return null;
      const context = new AudioContext();
      await context.resume();
      const analyser = context.createAnalyser();
      context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let loudest = 0;
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        analyser.getFloatTimeDomainData(samples);
        const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
        loudest = Math.max(loudest, rms);
      }
      await context.close();
      return loudest;
    });
  }

  /**
   * Presses Tab until the control named `name` has the focus (at most 60 times); returns its name
   * and whether the focus shows (an outline or a ring), or null if Tab never reached it.
   */
  async tabTo(name: string): Promise<{ name: string; focusVisible: boolean } | null> {
    for (let i = 0; i < 60; i++) {
      await this.page.keyboard.press('Tab');
      const focused = await this.page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return {
          name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
          focusVisible: (ring || style.boxShadow !== 'none') && element.matches(':focus-visible'),
        };
      });
      if (focused?.name === name) return focused;
    }
    return null;
  }

  /** Whether a toggle button (a tool, a colour) is pressed. */
  pressed(name: string): Promise<boolean> {
    return this.page
      .locator(`::-p-aria([name="${name}"][role="button"])`)
      .map((button) => button.getAttribute('aria-pressed') === 'true')
      .wait();
  }

  /** Whether the Sound button says the sound is playing (null: no sound shared, no button). */
  soundPlaying(): Promise<boolean | null> {
    return this.page.evaluate(() => {
      const button = document.querySelector('button.sound');
      return button ? button.getAttribute('aria-pressed') === 'true' : null;
    });
  }

  /**
   * A fresh browsing context per helper: nothing remembered, as on another person's machine.
   * `spy` keeps the page's data channels reachable from the test (to send it garbage), by wrapping
   * RTCPeerConnection before the page loads: the product has no test hooks.
   */
  static async open(browser: Browser, link: string, options: { spy?: boolean; downloadPath?: string } = {}) {
    const context = await browser.createBrowserContext(
      options.downloadPath
        ? { downloadBehavior: { policy: 'allow', downloadPath: options.downloadPath } }
        : {},
    );
    const page = await context.newPage();
    const helper = new HelperPage(page);
    if (options.spy) {
      await page.evaluateOnNewDocument(() => {
        const Original = RTCPeerConnection;
        const channels: RTCDataChannel[] = [];
        const peers: RTCPeerConnection[] = [];
        Object.assign(window, { lookoverTestChannels: channels, lookoverTestPeers: peers });
        window.RTCPeerConnection = class extends Original {
          constructor(config?: RTCConfiguration) {
            super(config);
            peers.push(this);
            // The helper opens its channels itself (its join carries the offer).
            const create = this.createDataChannel.bind(this);
            this.createDataChannel = (label, init) => {
              const channel = create(label, init);
              channels.push(channel);
              return channel;
            };
          }
        };
      });
    }
    await page.goto(link);
    return helper;
  }

  /** The state of every peer connection the page made (needs `spy`). */
  peerStates() {
    return this.page.evaluate(() =>
      (window as unknown as { lookoverTestPeers: RTCPeerConnection[] }).lookoverTestPeers.map(
        (pc) => pc.connectionState,
      ),
    );
  }

  /** Sends raw messages on one of the page's data channels (needs `spy`); returns its state after. */
  sendRaw(label: string, messages: string[]) {
    return this.page.evaluate(
      async (label, messages) => {
        const channels = (window as unknown as { lookoverTestChannels: RTCDataChannel[] })
          .lookoverTestChannels;
        const channel = channels.find((c) => c.label === label)!;
        for (const message of messages) channel.send(message);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return channel.readyState;
      },
      label,
      messages,
    );
  }

  /** What the page asks a first-time helper, with the name field's label, once it asks. */
  async namePrompt(): Promise<{ prompt: string; field: string }> {
    await this.waitForPhase('naming');
    return this.page.evaluate(() => ({
      prompt: document.querySelector('form.message p')?.textContent ?? '',
      field: document.querySelector('form.message label')?.textContent ?? '',
    }));
  }

  async join(name: string) {
    await this.waitForPhase('naming');
    await this.page.locator(textbox('Your name')).fill(name);
    await this.page.locator(button('Join')).click();
  }

  /** Joins and waits at the door; returns the verification code shown. */
  async knock(name: string): Promise<string> {
    await this.join(name);
    await this.waitForPhase('knocking');
    const code = await this.page.waitForSelector('::-p-aria([name="Verification code"])', {
      timeout: 20_000,
    });
    return code!.evaluate((element) => element.textContent ?? '');
  }

  /** Reads the direct/relayed chip once live. */
  route() {
    return this.page.evaluate(
      () => document.querySelector('[data-route]')?.getAttribute('data-route') ?? null,
    );
  }

  /** The connection quality in the page's header. */
  quality() {
    return qualityIn(this.page, '.helper .bar');
  }

  async focusQuality() {
    // Until the page has been clicked, Firefox's Tab goes through its own toolbar, not the page.
    await this.page.locator('h1').click();
    await focusQualityIn(this.page, '.helper .bar');
  }

  phase() {
    return this.page.evaluate(() => document.querySelector('.helper')?.getAttribute('data-phase'));
  }

  async waitForPhase(phase: string, timeout = 30_000) {
    await this.page.waitForFunction(
      (p) => document.querySelector('.helper')?.getAttribute('data-phase') === p,
      { timeout },
      phase,
    );
  }

  message() {
    return this.page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? '');
  }

  /** Frames the helper's browser has decoded so far, and their size. */
  video() {
    return this.page.evaluate(() => {
      const video = document.querySelector('video')!;
      return {
        // Firefox counts none of a MediaStream's frames there, only in its own `mozPaintedFrames`.
        framesDecoded:
          video.getVideoPlaybackQuality().totalVideoFrames ||
          ((video as { mozPaintedFrames?: number }).mozPaintedFrames ?? 0),
        width: video.videoWidth,
        height: video.videoHeight,
      };
    });
  }

  /** Clicks a toolbar control by its label ("Arrow", "Undo", "Keep strokes"...). */
  async use(label: string) {
    await this.page.locator(button(label)).click();
  }

  /**
   * Clicks "Save snapshot" and reads the PNG it downloads into `dir` (the page must have been
   * opened with it as `downloadPath`).
   */
  async saveSnapshot(dir: string): Promise<{ name: string; png: PNG }> {
    await this.use('Save snapshot');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const name = (await readdir(dir)).find((file) => /^lookover-snapshot-.+\.png$/.test(file));
      if (name) return { name, png: PNG.sync.read(await readFile(join(dir, name))) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no snapshot was downloaded');
  }

  /** Drags from one frame position to another with the left button, as a person draws. */
  async drag(from: [number, number], to: [number, number]) {
    const a = await this.clientPoint(...from);
    const b = await this.clientPoint(...to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x, b.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** With the Text tool: clicks at a frame position, types, presses Enter. */
  async label(at: [number, number], text: string) {
    const p = await this.clientPoint(...at);
    await this.page.mouse.click(p.x, p.y);
    const input = this.page.locator(textbox('Text label'));
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Zooms the picture with the mouse wheel at the middle of the stage. */
  async zoomIn(factor: number) {
    const box = await this.page.evaluate(() => {
      const rect = document.querySelector('.stage-area')!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await this.page.mouse.move(box.x, box.y);
    await this.page.mouse.wheel({ deltaY: -Math.log(factor) / 0.0015 });
    await this.page.waitForFunction(
      (f) => Math.abs(Number(document.querySelector('.stage-area')?.getAttribute('data-zoom')) - f) < 0.02,
      {},
      factor,
    );
  }

  /** Where a frame position is on the helper's screen: through the letterbox and any zoom. */
  async clientPoint(fx: number, fy: number) {
    return this.page.evaluate(
      ([fx, fy]) => {
        const video = document.querySelector('video')!;
        const box = video.getBoundingClientRect();
        const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
        const w = video.videoWidth * scale;
        const h = video.videoHeight * scale;
        return { x: box.left + (box.width - w) / 2 + fx! * w, y: box.top + (box.height - h) / 2 + fy! * h };
      },
      [fx, fy],
    );
  }

  /** Moves the mouse to a position given as fractions of the video frame (letterbox excluded). */
  async pointAt(fx: number, fy: number) {
    const { x, y } = await this.clientPoint(fx, fy);
    await this.page.mouse.move(x - 30, y - 30);
    await this.page.mouse.move(x, y, { steps: 5 });
  }
}
