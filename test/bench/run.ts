import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { CHROMIUM } from '../e2e/support/browsers.ts';
import { capacitySection, capacityStep, type CapacityResults } from './capacity-step.ts';
import { compareWithFloor, lookoverConnect } from './compare.ts';
import { footprint } from './footprint.ts';
import { networks, networksSection } from './networks.ts';
import { pointerLatency } from './pointer-latency.ts';
import { sharpness } from './sharpness.ts';
import { trysteroReference } from './trystero.ts';
import { lookoverSession } from './time-to-picture.ts';

/**
 * `npm run bench`: one run, one machine, written to bench/results/<date>.json and BENCHMARKS.md.
 * `npm run bench -- --smoke` is a quick pass (small loads, few runs) that checks the harness works.
 * `npm run bench -- --only networks` runs that one step alone (as root: it builds network
 * namespaces) and writes bench/results/<date>-networks.json and prints its section, leaving
 * BENCHMARKS.md alone: a partial run must not replace the other steps' tables with nothing. The next
 * full run puts the section in BENCHMARKS.md. `--only capacity` does the same for the server-capacity
 * step (bench/results/<date>-capacity.json); `--loads 100,1000` sets its loads.
 */
const smoke = process.argv.includes('--smoke');
const option = (name: string) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] ?? '') : null;
const only = option('--only');
const loadsArg = option('--loads');
const loads = loadsArg ? loadsArg.split(',').map(Number) : smoke ? [20] : [100, 1000, 10_000];
if (!loads.every((n) => Number.isInteger(n) && n > 0)) {
  console.error(`--loads: "${loadsArg}" is not a comma-separated list of session counts`);
  process.exit(1);
}
const runs = smoke ? 2 : 7;
const idleSeconds = smoke ? 5 : 30;

const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (error) {
    // `mosquitto -h` prints its version and exits non-zero.
    return String((error as { stdout?: string }).stdout ?? '').trim() || 'unknown';
  }
};
const NOTES = '<!-- Hand-written notes below survive a new run. -->';
/** A tight uplink: where the encoder has to give up resolution or frame rate at 1280x720. */
const SHARPNESS_KBPS = 80;

const meta = {
  date: new Date().toISOString(),
  commit: sh('git', ['rev-parse', '--short', 'HEAD']),
  command: smoke ? 'npm run bench -- --smoke' : 'npm run bench',
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
  node: process.version,
  browser: sh(CHROMIUM, ['--version']),
  mosquitto: sh('/usr/sbin/mosquitto', ['-h']).split('\n')[0] ?? 'unknown',
};
/** Five runs per connect row keep the step within about five minutes on this machine. */
const networkRuns = smoke ? 2 : 5;
const networkSeconds = smoke ? 4 : 10;

/** The steps that run alone: what each measures, and its section of BENCHMARKS.md. */
const alone: Record<string, () => Promise<{ key: string; value: unknown; section: string }>> = {
  async networks() {
    const value = await runNetworks();
    return { key: 'networks', value, section: networksSection(value) };
  },
  async capacity() {
    const value = await capacityStep(loads);
    return { key: 'capacity', value, section: capacitySection(value) };
  },
};
if (only !== null) {
  const step = alone[only];
  if (!step) {
    console.error(`--only: "${only}" is not a step that runs alone (${Object.keys(alone).join(', ')} are)`);
    process.exit(1);
  }
  console.log(`Lookover benchmarks, ${only} only, on ${meta.machine.cpu}, ${meta.machine.cores} cores`);
  const { key, value, section } = await step();
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
  const result = { ...meta, command, [key]: value };
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${result.date.slice(0, 10)}-${only}${smoke ? '-smoke' : ''}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${section}`);
  console.log(`written: ${file}`);
  process.exit(0);
}

function runNetworks() {
  return networks(networkRuns, networkSeconds);
}

async function measure() {
  console.log(`Lookover benchmarks (${meta.command}) on ${meta.machine.cpu}, ${meta.machine.cores} cores`);

  console.log('- footprint');
  const size = footprint('.output');

  console.log('- time to picture and signaling cost (two real browsers)');
  const session = await lookoverSession(runs, idleSeconds);

  console.log('- Lookover against the floor (time to picture, glass to glass, 720p and 1080p)');
  const floor = await compareWithFloor(smoke ? 2 : 7, smoke ? 3 : 10);

  console.log('- text sharpness: each choice on its own, under a tight uplink');
  const sharp = await sharpness(SHARPNESS_KBPS, smoke ? 3 : 6);

  console.log('- pointer latency (benchmark build of the extension)');
  const pointer = await pointerLatency(smoke ? 40 : 500);

  console.log('- the peer: Trystero (MQTT strategy) on a local Mosquitto');
  const peer = await trysteroReference(smoke ? 2 : 7, idleSeconds);
  console.log('- Lookover connect time as Trystero is timed (idle sharer, broker in its own process)');
  const connect = await lookoverConnect(smoke ? 2 : 7, false);
  console.log("- the same with the sharer's popup open");
  const connectPopupOpen = await lookoverConnect(smoke ? 2 : 7, true);

  console.log('- across real networks: NAT routers, a public server and coturn (network namespaces)');
  const net = await runNetworks();

  const capacity: CapacityResults | OldCapacityRow[] = await capacityStep(loads);
  return {
    ...meta,
    footprint: size,
    session,
    floor,
    sharpness: sharp,
    pointer,
    peer,
    connect,
    connectPopupOpen,
    networks: net,
    capacity,
  };
}
type Results = Awaited<ReturnType<typeof measure>>;
/** A capacity row of result files from before the capacity step measured several engines. */
interface OldCapacityRow {
  broker: string;
  sessions: number;
  failed: number;
  timedOut: boolean;
  setupsPerSecond: number;
  messageLatencyMs: { median: number; p99: number };
  brokerRssMiB: number;
}

// `--render FILE` rebuilds BENCHMARKS.md from a saved run, without measuring again.
const renderFrom = process.argv[process.argv.indexOf('--render') + 1];
const results: Results = process.argv.includes('--render')
  ? (JSON.parse(readFileSync(renderFrom!, 'utf8')) as Results)
  : await measure();
if (!process.argv.includes('--render')) {
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${results.date.slice(0, 10)}${smoke ? '-smoke' : ''}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written: ${file}`);
}
// A smoke run renders too (to a scratch file), so the report cannot break unnoticed.
const report = smoke ? 'bench/results/smoke.md' : 'BENCHMARKS.md';
const previous = existsSync(report) ? readFileSync(report, 'utf8') : '';
const notes = previous.includes(NOTES) ? previous.slice(previous.indexOf(NOTES)) : `${NOTES}\n`;
writeFileSync(report, `${markdown(results)}\n${notes}`);
console.log(`written: ${report}`);
// Clients of a load that hit its deadline may still be connecting: do not wait for them.
process.exit(0);

type Stat = { median: number; p95: number };
function lookoverChannel(
  r: { floor: { who: string; height: number; openToDataChannelMs: Stat; brokerToDataChannelMs?: Stat }[] },
  key: 'openToDataChannelMs' | 'brokerToDataChannelMs',
) {
  const stat = r.floor.find((f) => f.who === 'Lookover' && f.height === 720)?.[key];
  return stat ? `${stat.median} / ${stat.p95}` : 'n/a';
}

function sharpnessSection(r: Results): string {
  const reference = r.sharpness.find((row) => row.kbpsCap === 0);
  return `## Text sharpness: each choice on its own

The floor pair shares a 1280x720 page with small dense text (12 px) and a moving box, changing one
choice at a time, first uncapped, then with the sender capped at ${SHARPNESS_KBPS} kbps (a tight uplink, where
the encoder must give up resolution or frame rate). On the helper, every 500 ms: the received frame
size and rate (getStats) and the text's edge energy: the decoded frame drawn at the captured size, then
the mean absolute Laplacian of its luminance over the text. Scaled-down frames come back blurred, so
the number falls. Medians; sharpness relative to the uncapped row.

| Choices | Cap (kbps) | Received frame | fps | Received kbps | Text edge energy | Sharpness vs uncapped |
| --- | --- | --- | --- | --- | --- | --- |
${r.sharpness
  .map(
    (row) =>
      `| ${row.variant} | ${row.kbpsCap || 'none'} | ${row.width}x${row.height} | ${row.fps} | ${row.kbps} | ${row.edges} | ${reference ? (row.edges / reference.edges).toFixed(2) : 'n/a'} |`,
  )
  .join('\n')}

`;
}

function markdown(r: Results): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const stat = (s: { median: number; p95: number; p99: number; n: number }) =>
    `${s.median} / ${s.p95} / ${s.p99} (n=${s.n})`;
  const rows = Array.isArray(r.capacity)
    ? r.capacity
        .map(
          (c) =>
            `| ${c.broker} | ${c.sessions} | ${c.setupsPerSecond} | ${c.messageLatencyMs.median} | ${c.messageLatencyMs.p99} | ${c.brokerRssMiB} | ${c.failed}${c.timedOut ? ' (at the 4-minute deadline)' : ''} |`,
        )
        .join('\n')
    : '';
  return `# Benchmarks

Measured by \`${r.command}\` (writes \`bench/results/<date>.json\` and this file). One run on one
shared machine: compare rows within a run, not absolute numbers across machines.

- Date: ${r.date}, commit ${r.commit}
- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; Node ${r.node}
- Browser: ${r.browser} (headless, loopback); broker for comparison: ${r.mosquitto}

## Time to picture (Lookover, two real browsers)

Median / p95 / p99 in ms. Lookover asks the sharer before showing anything, so the path is split
at the human step.

| Step | ms |
| --- | --- |
| Helper clicks Join -> the request (with its code) shows in the sharer's popup | ${stat(r.session.joinToRequestMs)} |
| Sharer clicks Allow -> first frame decoded on the helper | ${stat(r.session.allowToFirstFrameMs)} |

## Against the floor (same page, same broker, same machine)

The floor is a minimal pair of pages: raw getDisplayMedia and RTCPeerConnection, plaintext signaling
over the same embedded broker, nothing else. Lookover shares the same page with tabCapture. Open to
first frame counts only machine time: the sharer's decision is taken out, from the moment the request's
Allow button shows (with its code) to the click, both timed in the popup. Offer -> ICE
connected starts where each helper page has its offer: the floor's when it arrives from the sharer,
Lookover's when its join (which carries it) leaves, so Lookover's includes a broker round trip the
floor's does not. Glass to glass:
the shared page paints its clock as a barcode, and the helper reads it off every presented frame
(requestVideoFrameCallback + canvas), both on one clock. A freeze is a gap over 3 median frame gaps and
at least 150 ms. CPU: each whole browser (all its processes) while streaming, from /proc; the helper's includes
the measuring itself (a canvas readback per frame). Medians (p95)
in ms.

| Who | Frame | Open -> first frame | Offer -> ICE connected | Glass to glass | p99 | fps | Freezes | CPU sharer / helper (% of one core) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${r.floor.map((f) => `| ${f.who} | ${f.frame} | ${f.openToFirstFrameMs.median} (${f.openToFirstFrameMs.p95}) | ${f.offerToIceConnectedMs.median} (${f.offerToIceConnectedMs.p95}) | ${f.glassToGlassMs.median} (${f.glassToGlassMs.p95}) | ${f.glassToGlassMs.p99} | ${f.fps} | ${f.freezes} | ${f.cpuPercentOfOneCore ? `${f.cpuPercentOfOneCore.sharer} / ${f.cpuPercentOfOneCore.helper}` : 'n/a'} |`).join('\n')}

Ratios, Lookover / floor (targets: time to picture within 1.2x, glass to glass within 1.1x):

| Frame | Time to picture | Glass to glass (median) |
| --- | --- | --- |
${[720, 1080]
  .map((h) => {
    const l = r.floor.find((f) => f.who === 'Lookover' && f.height === h);
    const f = r.floor.find((x) => x.who === 'floor' && x.height === h);
    return l && f
      ? `| ${l.frame} | ${(l.openToFirstFrameMs.median / f.openToFirstFrameMs.median).toFixed(2)}x | ${(l.glassToGlassMs.median / f.glassToGlassMs.median).toFixed(2)}x |`
      : '';
  })
  .join('\n')}

${(r as Partial<Results>).sharpness ? sharpnessSection(r) : ''}${
    // Older result files have no such section.
    (r as Partial<Results>).networks ? networksSection(r.networks) : ''
  }## Against the peer: Trystero's MQTT strategy

Trystero (\`@trystero-p2p/mqtt\` 0.25.4) joins two browsers in a room through a local Mosquitto (its
topics are not Lookover's, so the embedded broker would refuse them), cold, with no STUN, like the
others. Like for like, both are timed from the page's broker connection opening (for Trystero, the later
of the two peers) to the first data channel open (Trystero's \`onPeerJoin\`). No human step is on
Lookover's path: its channels open while the helper waits at the door. For Lookover the sharer is
already connected; Trystero's two peers both start cold. Trystero's pages are idle, so Lookover is
timed three ways: with its sharer as idle (a still page shared, the Lookover server in its own process,
as Mosquitto is), first with the sharer's popup closed (as it is once the sharer clicks elsewhere to
send the link; a notification announces the request), then open (it renders each change on the
offscreen document's main thread); and while streaming the barcode page of the 720p row, popup
open, which keeps both cores busy. The
other column keeps each one's own start. Signaling counted at the broker.

| | Broker connected -> data channel open (median / p95 ms) | Start -> data channel open | Messages per set-up | Bytes per set-up | Messages per connected minute | Bytes per connected minute |
| --- | --- | --- | --- | --- | --- | --- |
${
  // Older result files have no such row.
  (r as Partial<Results>).connect
    ? `| Lookover, sharer idle (a still page shared, server in its own process), popup closed | ${r.connect.brokerToDataChannelMs.median} / ${r.connect.brokerToDataChannelMs.p95} | | | | | |\n`
    : ''
}${
    (r as Partial<Results>).connectPopupOpen
      ? `| The same, popup open | ${r.connectPopupOpen.brokerToDataChannelMs.median} / ${r.connectPopupOpen.brokerToDataChannelMs.p95} | | | | | |\n`
      : ''
  }| Lookover, streaming (720p row above) | ${lookoverChannel(r, 'brokerToDataChannelMs')} | ${lookoverChannel(r, 'openToDataChannelMs')} (from page open) | ${r.session.signalingPerSetup.messages.median} | ${r.session.signalingPerSetup.bytes.median} | ${r.session.signalingWhenConnected.messagesPerMinute} | ${r.session.signalingWhenConnected.bytesPerMinute} |
| Trystero | ${r.peer.brokerToDataChannelOpenMs.median} / ${r.peer.brokerToDataChannelOpenMs.p95} | ${r.peer.joinToDataChannelOpenMs.median} / ${r.peer.joinToDataChannelOpenMs.p95} (from script start) | ${r.peer.signalingPerSetup.messages.median} | ${r.peer.signalingPerSetup.bytes.median} | ${r.peer.signalingWhenConnected.messagesPerMinute} | ${r.peer.signalingWhenConnected.bytesPerMinute} |

## Pointer latency

A helper's pointer event -> that pointer drawn in the sharer's overlay (the benchmark build,
\`LOOKOVER_BENCH=1\`, reports when each position arrived and when it was drawn; normal builds
compile that out). Pointers are drawn as they arrive on a \`desynchronized\` (low-latency) canvas,
which Chrome shows without waiting for the page's next frame; strokes stay frame-aligned. Over ${r.pointer.matched} of
${r.pointer.events} moves at ~25 Hz, on one machine clock. The floor is the data channel's one-way
time (RTT/2 of the selected ICE pair) in the same run. Target: p99 within one frame (16.7 ms) of it.

| | Median | p95 | p99 |
| --- | --- | --- | --- |
| Pointer event -> painted on the sharer's tab | ${r.pointer.pointerToPaintMs.median} | ${r.pointer.pointerToPaintMs.p95} | ${r.pointer.pointerToPaintMs.p99} |
${
  // Older result files have no such row.
  (r.pointer as Partial<typeof r.pointer>).pointerToOverlayMs
    ? `| Pointer event -> in the overlay, before it waits for its frame | ${r.pointer.pointerToOverlayMs.median} | ${r.pointer.pointerToOverlayMs.p95} | ${r.pointer.pointerToOverlayMs.p99} |\n`
    : ''
}| Data channel one way (RTT/2) | ${r.pointer.dataChannelOneWayMs.median} | ${r.pointer.dataChannelOneWayMs.p95} | ${r.pointer.dataChannelOneWayMs.p99} |

## Signaling cost (Lookover, measured at the broker)

| | Messages | Bytes |
| --- | --- | --- |
| Per session set-up (join to live), median | ${r.session.signalingPerSetup.messages.median} | ${r.session.signalingPerSetup.bytes.median} |
| Per minute once connected | ${r.session.signalingWhenConnected.messagesPerMinute} | ${r.session.signalingWhenConnected.bytesPerMinute} |

${
  // Older result files have the old section: two brokers, RSS at the end.
  Array.isArray(r.capacity)
    ? `## Server capacity (Node clients speaking the real protocol, no media)

Each session is a sharer and a helper client: sealed join, offer (~3 KB), answer, four ICE candidates
each way, admit. All sessions stay connected to the end. Latency: send -> delivery of offer, answer and
admit, in ms. The load generator shares the 2 cores with the broker.

| Broker | Sessions | Set-ups/s | Latency median | Latency p99 | Broker RSS (MiB) | Failed |
| --- | --- | --- | --- | --- | --- | --- |
${rows}

`
    : capacitySection(r.capacity)
}## Footprint (gzip, as fetched)

| Part | Size |
| --- | --- |
${Object.entries(r.footprint.gzipBytes)
  .map(([k, v]) => `| ${k} | ${kb(v)} |`)
  .join('\n')}
| Extension on disk (uncompressed) | ${kb(r.footprint.extensionBytesOnDisk)} |

`;
}
