import { readFileSync } from 'node:fs';
import { startEmbedded, type RunningBroker } from './brokers.ts';
import { signalingLoad } from './capacity.ts';
import { startConfinedMosquitto } from '../support/confined-mosquitto.ts';
import { startNatsCluster } from '../support/nats-cluster.ts';
import { startRedis } from '../support/redis-server.ts';

/**
 * The server-capacity step of `npm run bench`: the capacity load on each engine Lookover runs on,
 * each started by the bench, at each load.
 */

/** Engines as the load sees them: the nodes' broker URLs and the processes whose memory counts. */
interface Engine {
  name: string;
  urls: string[];
  pids: number[];
  /** A full garbage collection in each process that has one to run (the Lookover nodes). */
  collect(): Promise<void>;
  stop(): Promise<void>;
}

/** Node flags for a Lookover node whose garbage collection the bench can trigger (SIGUSR2). */
const COLLECTABLE = ['--expose-gc', '--import', './test/bench/gc-on-signal.ts'];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const collector = (nodes: RunningBroker[]) => async () => {
  for (const node of nodes) process.kill(node.pid, 'SIGUSR2');
  await sleep(1500);
};

async function embedded(): Promise<Engine> {
  const node = await startEmbedded({}, COLLECTABLE);
  return {
    name: 'Lookover, one node',
    urls: [node.url],
    pids: [node.pid],
    collect: collector([node]),
    stop: node.stop,
  };
}

/** Three Lookover nodes sharing one Redis (docs/decisions/0025-clustered-server.md). */
async function lookoverCluster(): Promise<Engine> {
  const redis = await startRedis();
  const nodes: RunningBroker[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
  };
  try {
    for (let i = 0; i < 3; i++) nodes.push(await startEmbedded({ REDIS_URL: redis.url }, COLLECTABLE));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: 'Lookover, 3 nodes + Redis',
    urls: nodes.map((node) => node.url),
    pids: nodes.map((node) => node.pid),
    collect: collector(nodes),
    stop,
  };
}

async function natsCluster(): Promise<Engine> {
  const cluster = await startNatsCluster();
  return { name: 'NATS, 3 nodes', ...cluster, collect: () => sleep(1500) };
}

/** Mosquitto as deployed: `deploy/mosquitto/` (the ACL holding each client to its session). */
async function mosquitto(): Promise<Engine> {
  const broker = await startConfinedMosquitto();
  return {
    name: 'Mosquitto 2, deploy/mosquitto',
    urls: [broker.url],
    pids: [broker.pid],
    collect: () => sleep(1500),
    stop: broker.stop,
  };
}

// NATS last: what its slow load leaves retrying once stopped must not land on another engine's rows.
export const ENGINES = [embedded, lookoverCluster, mosquitto, natsCluster];

const rssKiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const totalRssKiB = (pids: number[]) => pids.reduce((sum, pid) => sum + rssKiB(pid), 0);
/** The soft limit on open files of a process. */
export const openFilesLimit = (pid: number | 'self') =>
  Number(/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? 0);

/**
 * The most sessions an engine can hold within its processes' open-file limit: two connections a
 * session, spread over its nodes, and some descriptors for everything else. This container's hard
 * limit is 20,000 and cannot be raised (no CAP_SYS_RESOURCE), so one node holds just under 10,000.
 */
const sessionsWithin = (engine: Engine) =>
  Math.floor(((Math.min(...engine.pids.map(openFilesLimit)) - OTHER_DESCRIPTORS) * engine.pids.length) / 2);
const OTHER_DESCRIPTORS = 100;

/** Long enough for the slowest engine's 10,000 sessions on this machine; past it, failures. */
const deadlineMs = (sessions: number) => Math.min(150_000, 30_000 + sessions * 20);
/** Time for what a load leaves behind (closing sockets, Go's collector) before memory is read. */
const SETTLE_MS = 3000;
const WARM_UP = 20;

export async function capacityStep(loads: number[]) {
  const rows = [];
  for (const start of ENGINES) {
    for (const asked of loads) {
      const engine = await start();
      const sessions = Math.min(asked, sessionsWithin(engine));
      console.log(`- capacity: ${engine.name}, ${sessions} sessions`);
      try {
        // A few sessions first, then closed: what the first ones build once (compiled code, mqtt-packet's
        // cache of 65,536 length buffers) is not memory per session.
        await signalingLoad(engine.urls, WARM_UP, deadlineMs(WARM_UP));
        await sleep(SETTLE_MS);
        await engine.collect();
        const before = totalRssKiB(engine.pids);
        const load = await signalingLoad(engine.urls, sessions, deadlineMs(sessions), async () => {
          const loaded = totalRssKiB(engine.pids);
          await sleep(SETTLE_MS);
          await engine.collect();
          return { loaded, idle: totalRssKiB(engine.pids) };
        });
        const { measured, ...result } = load;
        rows.push({
          engine: engine.name,
          nodes: engine.urls.length,
          /** The load asked for; `sessions` is less when the engine's open-file limit holds fewer. */
          asked,
          ...result,
          openFilesLimit: engine.pids.map(openFilesLimit),
          rssKiB: { before, loaded: measured!.loaded, idle: measured!.idle },
          kibPerSession: round((measured!.loaded - before) / sessions),
          kibPerIdleSession: round((measured!.idle - before) / sessions),
        });
        console.log(
          `  ${result.completed}/${sessions} in ${result.seconds} s, p99 ${result.messageLatencyMs.p99} ms`,
        );
      } finally {
        await engine.stop();
      }
    }
  }
  return { loads, settleMs: SETTLE_MS, warmUpSessions: WARM_UP, rows };
}

const round = (n: number) => Math.round(n * 10) / 10;
export type CapacityResults = Awaited<ReturnType<typeof capacityStep>>;
type Row = CapacityResults['rows'][number];

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'not met');

function targets(r: CapacityResults) {
  const row = (engine: string, sessions: number) =>
    r.rows.find((c) => c.engine.startsWith(engine) && c.asked === sessions);
  const top = Math.max(...r.loads);
  const cluster = row('Lookover, 3', top);
  const one = row('Lookover, one', 1000);
  const clusterAt1000 = row('Lookover, 3', 1000);
  // The biggest load both finished: memory per session at the scale where it is least noise.
  const memoryLoad = [...r.loads]
    .sort((a, b) => b - a)
    .find((n) => row('Lookover, one', n)?.failed === 0 && row('Mosquitto', n)?.failed === 0);
  const own = memoryLoad === undefined ? undefined : row('Lookover, one', memoryLoad);
  const theirs = memoryLoad === undefined ? undefined : row('Mosquitto', memoryLoad);
  return [
    `| No failed set-up at ${top.toLocaleString('en')} sessions on the 3-node cluster | ${cluster ? `${cluster.failed} failed` : 'n/a'} | 0 | ${verdict(cluster ? cluster.failed === 0 : null)} |`,
    `| Cluster p99 / one node's p99 at 1,000 sessions | ${one && clusterAt1000 ? ratio(clusterAt1000.messageLatencyMs.p99, one.messageLatencyMs.p99) : 'n/a'} | 2x | ${verdict(one && clusterAt1000 ? clusterAt1000.messageLatencyMs.p99 <= 2 * one.messageLatencyMs.p99 : null)} |`,
    `| Memory per idle session, one Lookover node / Mosquitto${memoryLoad ? ` (${memoryLoad.toLocaleString('en')} sessions)` : ''} | ${own && theirs ? ratio(own.kibPerIdleSession, theirs.kibPerIdleSession) : 'n/a'} | 3x | ${verdict(own && theirs ? own.kibPerIdleSession <= 3 * theirs.kibPerIdleSession : null)} |`,
  ].join('\n');
}

const failures = (c: Row) =>
  c.failed === 0
    ? '0'
    : `${c.failed}${c.timedOut ? ` (${c.sessions - c.completed - Object.values(c.failures).reduce((a, b) => a + b, 0)} unfinished at the deadline)` : ''}`;

export function capacitySection(r: CapacityResults): string {
  return `## Server capacity (Node clients speaking the real protocol, no media)

Each session is a sharer and a helper client: sealed join, offer (~3 KB), answer, four ICE candidates
each way, admit. All sessions stay connected to the end. On a cluster, session i's sharer connects to
node i and its helper to node i + 1, so every message crosses between nodes. Latency: send ->
delivery of offer, answer and admit, in ms. Memory: the engine's RSS (all its nodes; not Redis)
right after the load, minus before it (taken after ${r.warmUpSessions} warm-up sessions, closed), per session;
idle: the same once the load has been idle ${r.settleMs / 1000} s, after a full garbage collection in each Lookover
node (\`--expose-gc\`, on SIGUSR2). The load generator plays all the parties (in two processes) on the
same 2 cores as the engine, so compare rows, not machines. A process here may hold at most 20,000
files (a hard limit this container cannot raise), so a single node holds just under 10,000
sessions: such a load runs as many as fit, and says so.

| Engine | Sessions | Set-ups/s | Latency median | Latency p99 | KiB per session | KiB per idle session | Failed |
| --- | --- | --- | --- | --- | --- | --- | --- |
${r.rows
  .map(
    (c) =>
      `| ${c.engine} | ${c.sessions}${c.sessions < c.asked ? ` (of ${c.asked}: open-file limit)` : ''} | ${c.setupsPerSecond} | ${c.messageLatencyMs.median} | ${c.messageLatencyMs.p99} | ${c.kibPerSession} | ${c.kibPerIdleSession} | ${failures(c)} |`,
  )
  .join('\n')}

Targets, as ratios within this run:

| Target | This run | Bound | |
| --- | --- | --- | --- |
${targets(r)}

`;
}
