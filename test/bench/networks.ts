import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { randomId } from '../../src/core/util/bytes.ts';
import { turnCredential } from '../../src/server/turn-credential.ts';
import { selfSignedCertificate } from '../support/self-signed.ts';
import { launchHelper, launchSharer, type Launched } from '../e2e/support/browsers.ts';
import {
  PUBLIC_HOST,
  buildTopology,
  removeStaleNamespaces,
  startCoturn,
  waitForOutput,
  type NatKind,
  type Topology,
} from '../e2e/support/netns.ts';
import { lookoverRuns, openHelper, startFloorSharer, timing, windowFor } from './compare.ts';
import { TEXT_AREA } from './floor-pages.ts';
import { measureSharpness } from './probes.ts';
import { summary } from './stats.ts';

/**
 * Lookover and the floor across real networks (network namespaces, test/e2e/support/netns.ts): the
 * sharer at home and the helper at an office, each behind a NAT router, the Lookover server (TLS) and
 * coturn on a public network between them. Both sides get the same STUN and TURN: Lookover from the
 * server's /ice, the floor in its page's query, with a credential made from the same secret.
 */

const SECRET = 'b7e2c49a1f0d3e5c7a9b1d3f5e7c9a0b';
const TURN_PORT = 3478;
const SERVER_PORT = 8443;
/** Each browser's pages on its own namespace's 127.0.0.1 (a secure context without TLS). */
const PAGE_PORT = 8000;
const PAGES = `http://127.0.0.1:${PAGE_PORT}`;
const ORIGIN = `https://${PUBLIC_HOST}:${SERVER_PORT}/`;
const BROKER = `wss://${PUBLIC_HOST}:${SERVER_PORT}/mqtt`;
/**
 * Home uplinks, loose to tight, each after the one before in the same session: 1 Mbit/s is a slow
 * real uplink, yet above what this page costs (about 160 kbit/s), so only bursts such as key frames
 * meet it; 100 kbit/s is below that, where the encoder must give up resolution or frame rate.
 */
export const CAPS = ['1mbit', '100kbit'] as const;
/** The test certificate names no 203.0.113.1 and is trusted by no one: both browsers accept it. */
const TLS_FLAGS = ['--ignore-certificate-errors'];

type Stat = ReturnType<typeof summary>;
interface ConnectRow {
  topology: 'direct' | 'relayed';
  who: 'Lookover' | 'floor';
  /** The candidate types of the pair in use on the last run, as the helper sees it: local/remote. */
  route: string;
  openToFirstFrameMs: Stat;
  brokerToDataChannelMs: Stat;
}
interface CappedRow {
  who: 'Lookover' | 'floor';
  /** The tbf rate, or `none`. */
  cap: string;
  /** tbf overlimits on the home router while this row ran: above 0, the cap bit. */
  overlimits: number;
  width: number;
  height: number;
  fps: number;
  kbps: number;
  edges: number;
}
export interface NetworkResults {
  runs: number;
  seconds: number;
  connect: ConnectRow[];
  capped: CappedRow[];
}

/** The selected pair's candidate types on the helper's live peer connection. */
const route = (page: Page) =>
  page.evaluate(async () => {
    const peers = (window as unknown as { benchPeers?: RTCPeerConnection[] }).benchPeers ?? [];
    const live = peers.find((pc) => pc.connectionState === 'connected');
    if (!live) return 'none';
    const stats = new Map<string, Record<string, unknown>>();
    (await live.getStats()).forEach((stat: Record<string, unknown>) => stats.set(String(stat.id), stat));
    const transport = [...stats.values()].find((stat) => stat.type === 'transport');
    const pair = stats.get(String(transport?.selectedCandidatePairId));
    const type = (id: unknown) => String(stats.get(String(id))?.candidateType ?? '?');
    return `${type(pair?.localCandidateId)}/${type(pair?.remoteCandidateId)}`;
  });

function iceServers() {
  const { username, credential } = turnCredential(SECRET);
  return [
    { urls: `stun:${PUBLIC_HOST}:${TURN_PORT}` },
    {
      urls: [
        `turn:${PUBLIC_HOST}:${TURN_PORT}?transport=udp`,
        `turn:${PUBLIC_HOST}:${TURN_PORT}?transport=tcp`,
      ],
      username,
      credential,
    },
  ];
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for the sender's bandwidth estimate to follow a new cap and the encoder to adapt. */
const SETTLE_MS = 10_000;

class Bench {
  constructor(
    readonly net: Topology,
    readonly title: string,
  ) {}

  sharer(floor: boolean) {
    return launchSharer(
      [
        ...TLS_FLAGS,
        windowFor(720),
        ...(floor ? [`--auto-select-tab-capture-source-by-title=${this.title}`] : []),
      ],
      undefined,
      this.net.chromiumIn(this.net.home),
    );
  }

  helper() {
    return launchHelper(TLS_FLAGS, this.net.chromiumIn(this.net.office));
  }

  floorQuery() {
    return new URLSearchParams({
      room: randomId(),
      broker: BROKER,
      ice: JSON.stringify(iceServers()),
      dc: '1',
    }).toString();
  }

  async both<T>(run: (sharer: Launched, helper: Launched) => Promise<T>, floor: boolean): Promise<T> {
    const [sharer, helper] = await Promise.all([this.sharer(floor), this.helper()]);
    try {
      return await run(sharer, helper);
    } finally {
      await Promise.all([sharer.close(), helper.close()]);
    }
  }

  lookoverConnect(runs: number) {
    return this.both(async (sharer, helper) => {
      const { timings, last } = await lookoverRuns(
        sharer,
        helper,
        { url: ORIGIN, brokerUrl: BROKER },
        `${PAGES}/barcode.html`,
        runs,
      );
      return { timings, route: await route(last) };
    }, false);
  }

  floorConnect(runs: number) {
    return this.both(async (sharer, helper) => {
      const query = this.floorQuery();
      await startFloorSharer(sharer.browser, `${PAGES}/floor.html?${query}`);
      const timings: Awaited<ReturnType<typeof timing>>[] = [];
      let last: Page | null = null;
      for (let run = 0; run < runs; run++) {
        if (last) await last.browserContext().close();
        last = await openHelper(helper.browser, `${PAGES}/helper.html?${query}`);
        await last.waitForFunction(() => (window as unknown as Record<string, number>).benchChannelAt, {
          timeout: 30_000,
        });
        timings.push(await timing(last));
      }
      return { timings, route: await route(last!) };
    }, true);
  }

  /** Reads the helper's video uncapped, then under each cap in turn. */
  async capped(who: CappedRow['who'], helperPage: Page, seconds: number): Promise<CappedRow[]> {
    const read = () => helperPage.evaluate(measureSharpness, seconds * 1000, TEXT_AREA);
    await settle(SETTLE_MS);
    const rows: CappedRow[] = [{ who, cap: 'none', overlimits: 0, ...(await read()) }];
    try {
      for (const cap of CAPS) {
        this.net.capHomeUplink(cap);
        // Whether `replace` keeps the previous cap's counters or not, the difference is this row's.
        const before = this.net.homeUplinkOverlimits();
        await settle(SETTLE_MS);
        const video = await read();
        rows.push({ who, cap, ...video, overlimits: this.net.homeUplinkOverlimits() - before });
      }
    } finally {
      this.net.capHomeUplink(null);
    }
    return rows;
  }

  lookoverCapped(seconds: number) {
    return this.both(async (sharer, helper) => {
      const { last } = await lookoverRuns(
        sharer,
        helper,
        { url: ORIGIN, brokerUrl: BROKER },
        `${PAGES}/barcode-text.html`,
        1,
      );
      return this.capped('Lookover', last, seconds);
    }, false);
  }

  floorCapped(seconds: number) {
    return this.both(async (sharer, helper) => {
      const query = this.floorQuery();
      await startFloorSharer(sharer.browser, `${PAGES}/floor-text.html?${query}`);
      const page = await openHelper(helper.browser, `${PAGES}/helper.html?${query}`);
      await timing(page);
      return this.capped('floor', page, seconds);
    }, true);
  }
}

function connectRow(
  topology: ConnectRow['topology'],
  who: ConnectRow['who'],
  result: { timings: Awaited<ReturnType<typeof timing>>[]; route: string },
): ConnectRow {
  return {
    topology,
    who,
    route: result.route,
    openToFirstFrameMs: summary(result.timings.map((t) => t.openToFirstFrame)),
    brokerToDataChannelMs: summary(result.timings.map((t) => t.brokerToDataChannel)),
  };
}

/** The three topologies, Lookover and the floor in each: `runs` helpers per connect row. */
export async function networks(runs: number, seconds: number): Promise<NetworkResults> {
  removeStaleNamespaces();
  const net = buildTopology();
  const cert = selfSignedCertificate();
  const turnDir = mkdtempSync(join(tmpdir(), 'lookover-coturn-'));
  const title = `Lookover networks ${randomId().slice(0, 6)}`;
  try {
    const pages = (ns: string) =>
      waitForOutput(
        net.spawnIn(ns, 'node_modules/.bin/tsx', ['test/bench/serve-pages.ts', String(PAGE_PORT), title]),
        /pages ready/,
        `the bench pages in ${ns}`,
      );
    const server = net.spawnIn(net.public, 'node_modules/.bin/tsx', ['src/server/cli.ts'], {
      ...process.env,
      HOST: PUBLIC_HOST,
      PORT: String(SERVER_PORT),
      PUBLIC_URL: ORIGIN,
      TLS_CERT: cert.certPath,
      TLS_KEY: cert.keyPath,
      STUN_URLS: `stun:${PUBLIC_HOST}:${TURN_PORT}`,
      TURN_URLS: `turn:${PUBLIC_HOST}:${TURN_PORT}?transport=udp,turn:${PUBLIC_HOST}:${TURN_PORT}?transport=tcp`,
      TURN_SECRET: SECRET,
      // The floor's pages, on each namespace's loopback, connect to the same broker.
      LOOKOVER_ALLOWED_ORIGINS: `self,chrome-extension://*,${PAGES}`,
    });
    await Promise.all([
      waitForOutput(startCoturn(net, turnDir, SECRET, TURN_PORT), /Total General servers/i, 'coturn'),
      waitForOutput(server, /Lookover is running/, 'the Lookover server'),
      pages(net.home),
      pages(net.office),
    ]);
    const bench = new Bench(net, title);
    const connect: ConnectRow[] = [];
    const nats: [ConnectRow['topology'], NatKind][] = [
      ['direct', 'port-preserving'],
      ['relayed', 'symmetric'],
    ];
    for (const [topology, nat] of nats) {
      net.setOfficeNat(nat);
      console.log(`  - ${topology}: Lookover`);
      connect.push(connectRow(topology, 'Lookover', await bench.lookoverConnect(runs)));
      console.log(`  - ${topology}: floor`);
      connect.push(connectRow(topology, 'floor', await bench.floorConnect(runs)));
    }
    net.setOfficeNat('port-preserving');
    console.log(`  - capped home uplink (${CAPS.join(', ')}): Lookover`);
    const capped = await bench.lookoverCapped(seconds);
    console.log(`  - capped home uplink (${CAPS.join(', ')}): floor`);
    capped.push(...(await bench.floorCapped(seconds)));
    return { runs, seconds, connect, capped };
  } finally {
    await net.remove();
    cert.remove();
    rmSync(turnDir, { recursive: true, force: true });
  }
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

/** The report's section: the same text in BENCHMARKS.md and printed by `--only networks`. */
export function networksSection(r: NetworkResults): string {
  const row = (topology: string, who: string) =>
    r.connect.find((c) => c.topology === topology && c.who === who);
  const cappedRow = (who: string, cap: string) => r.capped.find((c) => c.who === who && c.cap === cap);
  const ms = (s: Stat) => `${s.median} (${s.p95})`;
  const ratios = (['direct', 'relayed'] as const)
    .map((topology) => {
      const l = row(topology, 'Lookover');
      const f = row(topology, 'floor');
      return l && f
        ? `| ${topology}, Lookover / floor | ${ratio(l.openToFirstFrameMs.median, f.openToFirstFrameMs.median)} | ${ratio(l.brokerToDataChannelMs.median, f.brokerToDataChannelMs.median)} | 1.2x |`
        : '';
    })
    .concat(
      (['Lookover', 'floor'] as const).map((who) => {
        const d = row('direct', who);
        const rel = row('relayed', who);
        return d && rel
          ? `| ${who}, relayed / direct | ${ratio(rel.openToFirstFrameMs.median, d.openToFirstFrameMs.median)} | ${ratio(rel.brokerToDataChannelMs.median, d.brokerToDataChannelMs.median)} | 1.3x |`
          : '';
      }),
    )
    .filter(Boolean)
    .join('\n');
  const cappedRatios = [...new Set(r.capped.map((c) => c.cap))]
    .map((cap) => {
      const l = cappedRow('Lookover', cap);
      const f = cappedRow('floor', cap);
      return l && f
        ? `| ${cap} | ${ratio(l.width * l.height, f.width * f.height)} | ${ratio(l.fps, f.fps)} | ${ratio(l.kbps, f.kbps)} | ${ratio(l.edges, f.edges)} |`
        : '';
    })
    .filter(Boolean)
    .join('\n');
  return `## Across real networks: two NAT routers, a public server and coturn

Network namespaces on this machine (test/e2e/support/netns.ts): the sharer at home and the helper at
an office, each behind an nftables NAT router, the Lookover server (TLS) and coturn (TURN REST
credentials) on a public network between them. Lookover gets STUN and TURN from the server's /ice;
the floor pair the same servers in its page's query, and here it opens one data channel, so both
are timed to it. Direct: both routers port-preserving (STUN, hole punching). Relayed: the office
router \`fully-random\` (a symmetric NAT: only TURN gets through). Open -> first frame takes the
sharer's decision out, as above; broker -> data channel starts when the helper page's broker
connection opens. Route: the candidate types of the helper's pair in use (local/remote); relayed, one
relay carries it, allocated by whichever side ICE picked. ${r.runs} runs each; medians (p95, with so
few runs the slowest) in ms.

| Topology | Who | Route | Open -> first frame | Broker -> data channel open |
| --- | --- | --- | --- | --- |
${r.connect.map((c) => `| ${c.topology} | ${c.who} | ${c.route} | ${ms(c.openToFirstFrameMs)} | ${ms(c.brokerToDataChannelMs)} |`).join('\n')}

Ratios of medians:

| | Open -> first frame | Broker -> data channel | Target |
| --- | --- | --- | --- |
${ratios}

Capped uplink: direct, the shared page with 12 px text of the sharpness rows at 1280x720, read as
they are (medians of 500 ms samples over ${r.seconds} s): first uncapped, then with the home router's
\`tbf\` at each rate in turn, in the same session, each after ${SETTLE_MS / 1000} s for the encoder
to adapt. Overlimits: how often the cap held a packet back during its row, so above 0 means it bit.

| Who | Home uplink | Overlimits | Received frame | fps | Received kbps | Text edge energy |
| --- | --- | --- | --- | --- | --- | --- |
${r.capped.map((c) => `| ${c.who} | ${c.cap} | ${c.overlimits} | ${c.width}x${c.height} | ${c.fps} | ${c.kbps} | ${c.edges} |`).join('\n')}

Lookover / floor:

| Home uplink | Pixels per frame | fps | Received kbps | Text edge energy |
| --- | --- | --- | --- | --- |
${cappedRatios}
`;
}
