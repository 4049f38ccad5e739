import type { ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/core/util/bytes.ts';
import { sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import type { MetricsAccess } from '../../src/server/metrics-access.ts';
import { SHUTDOWN_BOUND_MS, startServer, type LookoverServer } from '../../src/server/server.ts';
import { httpGet, parseMetrics } from '../support/http-get.ts';
import { mqttPacket, openRaw, openRawClient, openTcp, within } from '../support/raw-mqtt.ts';
import { events, listeningPort, serveCli } from '../support/serve-cli.ts';

// What an operator reads off a running server: /healthz, /metrics, its log, and how it stops
// (README, "Operating a Lookover server").

let server: LookoverServer | undefined;
const toClose: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of toClose.splice(0)) await close();
  await server?.close();
  server = undefined;
});

async function start(metrics?: MetricsAccess, trustedProxies: string[] = []) {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    trustedProxies,
    ...(metrics ? { metrics } : {}),
  });
  return server;
}
const base = () => `http://127.0.0.1:${server!.port}`;

/** The samples of a Prometheus text answer, `name{labels}` to value. */
async function scrape(): Promise<Map<string, number>> {
  const answer = await httpGet(`${base()}/metrics`);
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseMetrics(answer.body);
}

function mqttClient(clientId: string): Promise<MqttClient> {
  const client = mqtt.connect(server!.brokerUrl, { clientId, reconnectPeriod: 0 });
  toClose.push(() => client.endAsync(true));
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

describe('/metrics', () => {
  it('counts connections, sessions, messages and bytes as real clients use the broker, naming none', async () => {
    await start();
    const before = await scrape();
    expect(before.get('lookover_mqtt_connections')).toBe(0);
    expect(before.get('lookover_sessions_active')).toBe(0);

    const session = randomId();
    const sharerId = `lookover_${randomId()}`;
    const helperId = `lookover_${randomId()}`;
    const sharer = await mqttClient(sharerId);
    await sharer.subscribeAsync(sharerTopic(session));
    await sharer.publishAsync(statusTopic(session), 'sealed status', { retain: true });
    const helper = await mqttClient(helperId);
    const arrived = new Promise((resolve) => sharer.once('message', resolve));
    await helper.publishAsync(sharerTopic(session), 'sealed join');
    await arrived;

    const after = await scrape();
    expect(after.get('lookover_mqtt_connections')).toBe(2);
    expect(after.get('lookover_sessions_active')).toBe(1);
    expect(after.get('lookover_status_records')).toBe(1);
    expect(after.get('lookover_mqtt_messages_received_total')).toBe(2);
    expect(after.get('lookover_mqtt_messages_sent_total')).toBe(1);
    for (const name of ['lookover_mqtt_bytes_received_total', 'lookover_mqtt_bytes_sent_total'])
      expect(after.get(name)).toBeGreaterThan(before.get(name)! + 'sealed join'.length);
    expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.get('nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0);

    const text = (await httpGet(`${base()}/metrics`)).body + (await httpGet(`${base()}/healthz`)).body;
    for (const secret of [session, sharerId, helperId, 'sealed']) expect(text).not.toContain(secret);

    await sharer.endAsync();
    await expect.poll(async () => (await scrape()).get('lookover_sessions_active')).toBe(0);
    expect((await scrape()).get('lookover_status_records')).toBe(1);
  });

  it('counts refusals by reason, whatever the client sent', async () => {
    await start();
    for (const origin of ['https://one.example', 'https://two.example'])
      expect(await openRaw(server!.brokerUrl, { origin })).toMatchObject({ status: 403 });
    const client = await openRawClient(server!.brokerUrl);
    client.ws.send(mqttPacket.connect());
    client.ws.send(mqttPacket.publish(`lookover/v1/${randomId()}/elsewhere`, 'x'));
    await client.closed;
    const metrics = await scrape();
    expect(metrics.get('lookover_refusals_total{reason="origin not allowed"}')).toBe(2);
    expect(metrics.get('lookover_refusals_total{reason="topic not allowed"}')).toBe(1);
  });

  it.each<[string, MetricsAccess | undefined, string[], Record<string, string>, number]>([
    ['local, from this machine', undefined, [], {}, 200],
    [
      'local, a visitor through the trusted proxy',
      'local',
      ['127.0.0.1'],
      { 'X-Forwarded-For': '198.51.100.1' },
      404,
    ],
    ['local, relayed by a proxy nobody trusted', 'local', [], { 'X-Forwarded-For': '198.51.100.1' }, 404],
    [
      'on, a visitor through the trusted proxy',
      'on',
      ['127.0.0.1'],
      { 'X-Forwarded-For': '198.51.100.1' },
      200,
    ],
    ['off, from this machine', 'off', [], {}, 404],
  ])('%s: %i', async (_name, access, proxies, headers, status) => {
    await start(access, proxies);
    expect((await httpGet(`${base()}/metrics`, { headers })).status).toBe(status);
    expect((await httpGet(`${base()}/healthz`, { headers })).status).toBe(200);
  });
});

describe('/healthz and shutting down', () => {
  it('answers 200 while running and 503 once stopping; MQTT clients are told 1001 and the server drains', async () => {
    await start();
    const healthy = await httpGet(`${base()}/healthz`);
    expect([healthy.status, JSON.parse(healthy.body)]).toEqual([
      200,
      { status: 'ok', checks: { http: 'ok', broker: 'ok' } },
    ]);

    const client = await openRawClient(server!.brokerUrl);
    client.ws.send(mqttPacket.connect());
    await expect.poll(() => client.received).toContain(2);
    // A probe on a connection opened before the shutdown, its request not yet finished.
    const probe = await openTcp(server!.port);
    let answer = '';
    probe.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    probe.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    const stopped = server!.shutdown();
    probe.write('\r\n');
    await expect.poll(() => answer).toContain('"status":"stopping"');
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(await within(client.closed, 2000, 'still open')).toEqual({
      code: 1001,
      reason: 'server shutting down',
    });
    expect(await within(stopped, 2000, 'still stopping')).toEqual({ forced: false });
    await expect(httpGet(`${base()}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('cuts off what is left once the bound has passed', async () => {
    await start();
    const slow = await openTcp(server!.port);
    slow.write('GET / HTTP/1.1\r\n');
    const gone = new Promise((resolve) => slow.once('close', resolve));
    const began = Date.now();
    expect(await server!.shutdown(300)).toEqual({ forced: true });
    expect(Date.now() - began).toBeLessThan(1000);
    await gone;
  });
});

describe('the server process on SIGTERM', () => {
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('closes MQTT clients with 1001, logs it, and exits 0 within the bound', async () => {
    const served = serveCli({});
    running.push(served.child);
    const { stdout } = await served.ready;
    const client = await openRawClient(`ws://127.0.0.1:${listeningPort(stdout)}/mqtt`);
    client.ws.send(mqttPacket.connect());
    await expect.poll(() => client.received).toContain(2);

    const exited = new Promise<number | null>((resolve) =>
      served.child.once('exit', (code) => resolve(code)),
    );
    const began = Date.now();
    served.child.kill('SIGTERM');
    expect(await within(client.closed, SHUTDOWN_BOUND_MS, 'still open')).toEqual({
      code: 1001,
      reason: 'server shutting down',
    });
    expect(await within(exited, SHUTDOWN_BOUND_MS, 'still running')).toBe(0);
    expect(Date.now() - began).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(events(served.stdout()).map(({ event }) => event)).toEqual(['started', 'stopping', 'stopped']);
    expect(events(served.stdout()).at(-1)).toMatchObject({ level: 'info', forced: false });
  });
});
