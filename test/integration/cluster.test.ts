import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CandidateInit, LiveStatus } from '../../src/core/protocol/signal.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { statusTopic } from '../../src/core/signaling/topics.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import { httpGet, parseMetrics } from '../support/http-get.ts';
import { newShare, startHelper, startSharer } from '../support/parties.ts';
import { startRedis } from '../support/redis-server.ts';
import { startRoundRobin } from '../support/round-robin-proxy.ts';
import { events, listeningPort, serveCli, startedEvent } from '../support/serve-cli.ts';

// Several Lookover servers, each `npm run serve` in its own process, sharing one real Redis
// (docs/decisions/0025-clustered-server.md). Killing a node is SIGKILL: it says nothing to anyone.

/** Short, so a dead node's leases run out within the test. */
const LEASE_MS = 1500;
const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };
const CANDIDATE: CandidateInit = {
  candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One node of the cluster on a port of its own. */
async function startNode(redisUrl = redis.url) {
  const served = serveCli({ REDIS_URL: redisUrl, LOOKOVER_CLUSTER_LEASE_MS: String(LEASE_MS) });
  const exited = new Promise((resolve) => served.child.once('exit', resolve));
  const kill = async () => {
    if (served.child.exitCode === null && served.child.signalCode === null) served.child.kill('SIGKILL');
    await exited;
  };
  cleanups.push(kill);
  const { code, stderr } = await served.ready;
  expect([code, stderr]).toEqual([null, '']);
  const port = Number(listeningPort(served.stdout()));
  return {
    port,
    brokerUrl: String(startedEvent(served.stdout())?.broker),
    http: `http://127.0.0.1:${port}`,
    kill,
    /** Why this node closed or refused clients, from its log. */
    refusals: () =>
      events(served.stdout())
        .filter(({ event }) => event === 'client closed' || event === 'client refused')
        .map(({ reason }) => reason),
  };
}
type Node = Awaited<ReturnType<typeof startNode>>;

const brokerVia = (port: number) => `ws://127.0.0.1:${port}/mqtt`;

/** What a new subscriber to `topic` on `url` is sent as retained within `ms`, or null. */
async function retainedAt(url: string, topic: string, ms = 500): Promise<Buffer | null> {
  const reader = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  try {
    const got = new Promise<Buffer>((resolve) => reader.on('message', (_topic, payload) => resolve(payload)));
    await reader.subscribeAsync(topic, { qos: 1 });
    return await Promise.race([got, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
  } finally {
    await reader.endAsync(true);
  }
}

/** A node's `/metrics` samples, `name` to value. */
async function metrics(node: Node): Promise<Map<string, number>> {
  return parseMetrics((await httpGet(`${node.http}/metrics`)).body);
}

/**
 * The sharer's signaling through `sharerUrl` and a helper's through `helperUrl`, with the real
 * protocol code: the helper reads the status record, joins with its offer, gets the answer and
 * sends its candidates. Resolves once the sharer has them.
 */
async function signal(sharerUrl: string, helperUrl: string) {
  const share = await newShare(sharerUrl);
  const heard = { lives: [] as LiveStatus[], answers: [] as string[], admitted: 0 };
  const joins: { name: string; sdp: string }[] = [];
  const candidates: CandidateInit[][] = [];
  const sharer = startSharer(await connectMqtt(sharerUrl), share, {
    onJoin: (helperId, name, _returning, sdp) => {
      joins.push({ name, sdp });
      void sharer.signaling.sendAnswer(helperId, 'v=0 answer');
    },
    onCandidates: (_id, c) => candidates.push(c),
  });
  cleanups.push(() => sharer.channel.close());
  await sharer.signaling.announceLive(LIVE);
  const helper = await startHelper(await connectMqtt(helperUrl), share.link, {
    onLive: (live) => heard.lives.push(live),
    onAnswer: (sdp) => {
      heard.answers.push(sdp);
      void helper.signaling.sendCandidates([CANDIDATE]);
    },
    onAdmit: () => heard.admitted++,
  });
  cleanups.push(() => helper.channel.close());
  // The sharer subscribes asynchronously: join again until it answers, as the helper page does.
  const join = () => void helper.signaling.join('Ana', false, 'v=0 offer');
  join();
  const retry = setInterval(join, 200);
  await vi
    .waitFor(() => expect(candidates.length).toBeGreaterThan(0), 10_000)
    .finally(() => clearInterval(retry));
  return { share, sharer, helper, heard, joins, candidates };
}

describe('several Lookover servers sharing one Redis', () => {
  it("complete a session's signaling with the sharer on one and the helper on another, and the status record written through the first is read through the second", async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const run = await signal(a.brokerUrl, b.brokerUrl);
    expect(run.heard.lives).toEqual([LIVE]);
    expect(run.joins[0]).toEqual({ name: 'Ana', sdp: 'v=0 offer' });
    expect(run.heard.answers[0]).toBe('v=0 answer');
    expect(run.candidates[0]).toEqual([CANDIDATE]);
    const written = await retainedAt(a.brokerUrl, statusTopic(run.share.link.sessionId));
    expect(written).not.toBeNull();
    expect(await retainedAt(b.brokerUrl, statusTopic(run.share.link.sessionId))).toEqual(written);
    // Each node counts its own: the record was written through A.
    const [onA, onB] = await Promise.all([metrics(a), metrics(b)]);
    expect([onA.get('lookover_sessions_active'), onB.get('lookover_sessions_active')]).toEqual([1, 0]);
    // The helper; the reader that just left may take a moment to be counted out.
    await vi.waitFor(async () => expect((await metrics(b)).get('lookover_mqtt_connections')).toBe(1));
  });

  it("refuses a link holder on another node who writes the sharer's record, as one server does", async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const run = await signal(a.brokerUrl, a.brokerUrl);
    const topic = statusTopic(run.share.link.sessionId);
    const real = await retainedAt(b.brokerUrl, topic);
    expect(real).not.toBeNull();
    const forger = await mqtt.connectAsync(b.brokerUrl, { reconnectPeriod: 0 });
    cleanups.push(() => forger.endAsync(true));
    const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()));
    forger.publish(topic, Buffer.from('a record of its own'), { qos: 1, retain: true });
    await closed;
    expect(b.refusals()).toContain('this status record belongs to another client');
    expect(await retainedAt(a.brokerUrl, topic)).toEqual(real);
    // A later helper on B still hears the sharer's own record.
    const lives: LiveStatus[] = [];
    const later = await startHelper(await connectMqtt(b.brokerUrl), run.share.link, {
      onLive: (live) => lives.push(live),
    });
    cleanups.push(() => later.channel.close());
    await vi.waitFor(() => expect(lives).toEqual([LIVE]));
  });

  it('refuses a client id on one node that is connected to another, where MQTT would throw the first off', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const clientId = `lookover_${randomId()}`;
    const first = await mqtt.connectAsync(a.brokerUrl, { clientId, reconnectPeriod: 0 });
    cleanups.push(() => first.endAsync(true));
    const second = mqtt.connect(b.brokerUrl, { clientId, reconnectPeriod: 0 });
    cleanups.push(() => second.endAsync(true));
    second.on('error', () => undefined);
    await new Promise<void>((resolve) => second.once('close', () => resolve()));
    expect(second.connected).toBe(false);
    expect(b.refusals()).toContain('client id already connected');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(first.connected).toBe(true);
  });

  it('moves the helper to a live node behind a round-robin when its node dies, and the session goes on', async () => {
    const [a, b, c] = await Promise.all([startNode(), startNode(), startNode()]);
    const balancer = await startRoundRobin([b.port, c.port]);
    cleanups.push(() => balancer.close());
    const run = await signal(a.brokerUrl, brokerVia(balancer.port));
    expect(balancer.picked()).toEqual([b.port]);

    await b.kill();
    // mqtt.js reconnects every second; the balancer's next pick is C, and C lets the helper's id in
    // once B's lease on it has run out.
    await vi.waitFor(async () => expect((await metrics(c)).get('lookover_mqtt_connections')).toBe(1), {
      timeout: LEASE_MS + 8000,
      interval: 250,
    });
    expect(balancer.picked()).toContain(c.port);
    // Both ways, through the node it landed on: the sharer lets Ana in, Ana sends more candidates.
    // Counted as connected before its subscriptions are back: what is sent meanwhile is lost (clean
    // sessions), so the sharer says it again until it is heard.
    await vi.waitFor(() => {
      void run.sharer.signaling.admit(run.helper.id);
      expect(run.heard.admitted).toBeGreaterThan(0);
    }, 5000);
    const more: CandidateInit = { ...CANDIDATE, candidate: 'candidate:2 1 udp 1 127.0.0.1 5001 typ host' };
    void run.helper.signaling.sendCandidates([more]);
    await vi.waitFor(() => expect(run.candidates).toContainEqual([more]), 5000);
  });

  it("keeps the status record while its sharer is connected, and lets it expire within the lease once the sharer's node died", async () => {
    const [a, c] = await Promise.all([startNode(), startNode()]);
    const run = await signal(a.brokerUrl, c.brokerUrl);
    const topic = statusTopic(run.share.link.sessionId);
    // While the sharer is connected, A renews the record's lease: it outlives several.
    await new Promise((resolve) => setTimeout(resolve, 2 * LEASE_MS));
    expect(await retainedAt(c.brokerUrl, topic)).not.toBeNull();
    await a.kill();
    const killed = Date.now();
    // Still there just after: its lease was renewed a moment before.
    expect(await retainedAt(c.brokerUrl, topic, 300)).not.toBeNull();
    await vi.waitFor(async () => expect(await retainedAt(c.brokerUrl, topic, 150)).toBeNull(), {
      timeout: LEASE_MS + 3000,
      interval: 100,
    });
    expect(Date.now() - killed).toBeLessThan(LEASE_MS + 1000);
  });

  it('says on /healthz whether the node reaches Redis', async () => {
    const own = await startRedis();
    cleanups.push(() => own.stop());
    const node = await startNode(own.url);
    const healthy = await httpGet(`${node.http}/healthz`);
    expect([healthy.status, JSON.parse(healthy.body)]).toEqual([
      200,
      { status: 'ok', checks: { http: 'ok', broker: 'ok', redis: 'ok' } },
    ]);
    await own.stop();
    await vi.waitFor(async () => {
      const failing = await httpGet(`${node.http}/healthz`);
      expect([failing.status, JSON.parse(failing.body)]).toEqual([
        503,
        { status: 'failing', checks: { http: 'ok', broker: 'ok', redis: 'failing' } },
      ]);
    });
  });

  it('will not start when Redis cannot be reached, and says so', async () => {
    const own = await startRedis();
    await own.stop();
    const served = serveCli({ REDIS_URL: own.url });
    const { code, stdout } = await served.ready;
    expect(code).toBe(1);
    expect(events(stdout).find(({ event }) => event === 'start failed')?.message).toMatch(
      /Could not start the Lookover server: Redis at redis:\/\/127\.0\.0\.1:[0-9]+ cannot be reached/,
    );
  });
});
