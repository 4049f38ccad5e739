import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { selfSignedCertificate } from '../support/self-signed.ts';
import { animatedPage } from './support/animated-page.ts';
import { launchHelper, launchSharer, type Launched } from './support/browsers.ts';
import {
  PUBLIC_HOST,
  buildTopology,
  removeStaleNamespaces,
  startCoturn,
  waitForOutput,
  type Topology,
} from './support/netns.ts';
import { HelperPage, OptionsPage, SharedTab, type Popup } from './support/pages.ts';
import { expectLiveVideo } from './support/session.ts';

// The sharer at home and the helper at an office, each behind its own NAT router, and the Lookover
// server with coturn on a public network between them: what "help someone on another network"
// meets for real, rather than two browsers on one loopback.

const SECRET = 'c3f1a9e07b2d4c6e8f0a1b3c5d7e9f21';
const TURN_PORT = 3478;
/** Three servers: with TURN, without it (STUN only), and over plain http. */
const WITH_TURN = 8443;
const WITHOUT_TURN = 8444;
const PLAIN_HTTP = 8080;
const PAGE_PORT = 8000;

let net: Topology;
let cert: ReturnType<typeof selfSignedCertificate>;
let turnDir: string;
let helperBrowser: Launched;
const sharers: Launched[] = [];

function startServer(port: number, options: { tls: boolean; turn: boolean }) {
  const scheme = options.tls ? 'https' : 'http';
  const child = net.spawnIn(net.public, 'node_modules/.bin/tsx', ['src/server/cli.ts'], {
    ...process.env,
    HOST: PUBLIC_HOST,
    PORT: String(port),
    PUBLIC_URL: `${scheme}://${PUBLIC_HOST}:${port}/`,
    ...(options.tls ? { TLS_CERT: cert.certPath, TLS_KEY: cert.keyPath } : {}),
    STUN_URLS: `stun:${PUBLIC_HOST}:${TURN_PORT}`,
    ...(options.turn
      ? {
          TURN_URLS: `turn:${PUBLIC_HOST}:${TURN_PORT}?transport=udp,turn:${PUBLIC_HOST}:${TURN_PORT}?transport=tcp`,
          TURN_SECRET: SECRET,
        }
      : {}),
  });
  return waitForOutput(child, /Lookover is running/, `the Lookover server on ${port}`);
}

beforeAll(async () => {
  // A clear failure, not a skip: without root there are no namespaces, so nothing here is proven.
  if (process.getuid?.() !== 0)
    throw new Error('The networks suite builds network namespaces: run npm test as root.');
  removeStaleNamespaces();
  net = buildTopology();
  cert = selfSignedCertificate();
  turnDir = mkdtempSync(join(tmpdir(), 'lookover-coturn-'));
  const coturn = startCoturn(net, turnDir, SECRET, TURN_PORT);
  const title = 'Lookover network test page';
  const page = net.spawnIn(
    net.home,
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((_q, s) => { s.setHeader('Content-Type', 'text/html; charset=utf-8'); s.end(process.env.PAGE); })
        .listen(${PAGE_PORT}, '127.0.0.1', () => console.log('page ready'));`,
    ],
    { ...process.env, PAGE: animatedPage(title) },
  );
  await Promise.all([
    waitForOutput(coturn, /Total General servers/i, 'coturn'),
    waitForOutput(page, /page ready/, 'the shared page'),
    startServer(WITH_TURN, { tls: true, turn: true }),
    startServer(WITHOUT_TURN, { tls: true, turn: false }),
    startServer(PLAIN_HTTP, { tls: false, turn: true }),
  ]);
  // The test certificate is trusted by no one and names no 203.0.113.1: both browsers accept it, as
  // they would a real certificate for the server's name.
  helperBrowser = await launchHelper(['--ignore-certificate-errors'], net.chromiumIn(net.office));
});

afterEach(async () => {
  await Promise.all(sharers.splice(0).map((sharer) => sharer.close()));
  for (const context of helperBrowser.browser.browserContexts()) {
    if (context !== helperBrowser.browser.defaultBrowserContext()) await context.close();
  }
});

afterAll(async () => {
  await helperBrowser?.close();
  await net?.remove();
  cert?.remove();
  if (turnDir) rmSync(turnDir, { recursive: true, force: true });
});

/** The sharer's browser at home, its settings naming only the server (so it asks that server's /ice). */
async function shareFromHome(port: number, tls = true) {
  const sharer = await launchSharer(['--ignore-certificate-errors'], undefined, net.chromiumIn(net.home));
  sharers.push(sharer);
  const origin = `${tls ? 'https' : 'http'}://${PUBLIC_HOST}:${port}/`;
  const broker = `${tls ? 'wss' : 'ws'}://${PUBLIC_HOST}:${port}/mqtt`;
  await (await OptionsPage.open(sharer.browser)).useServer(origin, broker);
  const tab = await SharedTab.open(sharer.browser, `http://127.0.0.1:${PAGE_PORT}/`);
  const { popup, link } = await tab.startSharing('tab');
  expect(new URL(link).origin + '/').toBe(origin);
  return { sharer, tab, popup, link };
}

async function admit(popup: Popup, link: string, options: { spy?: boolean } = {}) {
  const helper = await HelperPage.open(helperBrowser.browser, link, options);
  const code = await helper.knock('Ana');
  expect(await popup.requestCode('Ana')).toBe(code);
  await popup.allow('Ana');
  return helper;
}

/** The route badges the popup shows for its helpers. */
const popupRoutes = (popup: Popup) =>
  popup.page.evaluate(() =>
    [...document.querySelectorAll('ul.helpers .badge')].map((badge) => badge.textContent?.trim()),
  );

/** How the helper reaches its relay on the pair in use (needs `spy`): `udp`, `tcp`, or none. */
const relayProtocol = (helper: HelperPage) =>
  helper.page.evaluate(async () => {
    const peers = (window as unknown as { lookoverTestPeers: RTCPeerConnection[] }).lookoverTestPeers;
    const live = peers.find((pc) => pc.connectionState === 'connected');
    if (!live) return null;
    const stats = new Map<string, Record<string, unknown>>();
    (await live.getStats()).forEach((stat: Record<string, unknown>) => stats.set(String(stat.id), stat));
    const transport = [...stats.values()].find((stat) => stat.type === 'transport');
    const pair = stats.get(String(transport?.selectedCandidatePairId));
    const local = stats.get(String(pair?.localCandidateId));
    return (local?.relayProtocol as string | undefined) ?? null;
  });

describe('across two NAT routers, through a public Lookover server', () => {
  it('two port-preserving NATs: the picture flows directly', async () => {
    net.setOfficeNat('port-preserving');
    const { tab, popup, link } = await shareFromHome(WITH_TURN);
    const helper = await admit(popup, link);
    await expectLiveVideo(helper, tab);
    await expect.poll(() => helper.route()).toBe('direct');
    await expect.poll(() => popupRoutes(popup)).toContain('direct');
  });

  it('a symmetric NAT at the office: the picture goes through coturn, and both sides say relayed', async () => {
    net.setOfficeNat('symmetric');
    const { tab, popup, link } = await shareFromHome(WITH_TURN);
    const helper = await admit(popup, link);
    await expectLiveVideo(helper, tab);
    await expect.poll(() => helper.route()).toBe('relayed');
    await expect.poll(() => popupRoutes(popup)).toContain('relayed');
  });

  it('a symmetric NAT and a server with no TURN: both sides say there is no relay, within 15 s', async () => {
    net.setOfficeNat('symmetric');
    const { popup, link } = await shareFromHome(WITHOUT_TURN);
    const helper = await HelperPage.open(helperBrowser.browser, link);
    await helper.knock('Ana');
    await expect
      .poll(() => helper.message(), { timeout: 15_000 })
      .toContain('cannot connect directly, and this share has no relay (TURN) server');
    await expect
      .poll(() => popup.text(), { timeout: 15_000 })
      .toContain('cannot connect directly, and no relay (TURN) server is set up');
  });

  it('a link to a plain-http server, opened at the office: it must be opened over https', async () => {
    net.setOfficeNat('port-preserving');
    const { sharer, link } = await shareFromHome(PLAIN_HTTP, false);
    const helper = await HelperPage.open(helperBrowser.browser, link);
    await helper.waitForPhase('insecure', 10_000);
    expect(await helper.message()).toContain('must be opened over https');
    expect(await helper.message()).not.toContain('signaling server');
    // The sharer's side of it: the settings that made the link say the same before anyone tries.
    const settings = await OptionsPage.open(sharer.browser);
    await settings.page.waitForFunction(() =>
      document
        .querySelector('.warning[role="alert"]')
        ?.textContent?.includes('plain http on another computer'),
    );
  });

  it('UDP blocked at the office: the picture goes through coturn over TCP, and both sides say relayed', async () => {
    net.setOfficeNat('port-preserving', { dropUdp: true });
    const { tab, popup, link } = await shareFromHome(WITH_TURN);
    const helper = await admit(popup, link, { spy: true });
    await expectLiveVideo(helper, tab);
    await expect.poll(() => helper.route()).toBe('relayed');
    expect(await relayProtocol(helper)).toBe('tcp');
    await expect.poll(() => popupRoutes(popup)).toContain('relayed');
  });

  it('a slow home uplink: the helper keeps the full resolution, so text stays readable', async () => {
    net.setOfficeNat('port-preserving');
    const { tab, popup, link } = await shareFromHome(WITH_TURN);
    const helper = await admit(popup, link);
    await expectLiveVideo(helper, tab);
    net.capHomeUplink('100kbit');
    onTestFinished(() => net.capHomeUplink(null));
    // Long enough under the cap for the sender's bandwidth estimate to fall and the encoder to adapt.
    const capped = (await helper.video()).framesDecoded;
    await expect
      .poll(async () => (await helper.video()).framesDecoded, { timeout: 30_000, interval: 500 })
      .toBeGreaterThan(capped + 150);
    expect(net.homeUplinkOverlimits()).toBeGreaterThan(0);
    const { width, height, dpr } = await tab.viewport();
    const later = await helper.video();
    expect(Math.abs(later.width - width * dpr)).toBeLessThanOrEqual(2);
    expect(Math.abs(later.height - height * dpr)).toBeLessThanOrEqual(2);
  });
});
