import type { Socket } from 'node:net';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/core/util/bytes.ts';
import { helperTopic, sharerTopic, statusTopic } from '../../src/core/signaling/topics.ts';
import { HTTP_SOCKETS_PER_ADDRESS, HTTP_SOCKETS_TOTAL, type ServerLimits } from '../../src/server/limits.ts';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { COMPLETED, normalSession, startNormalSession } from '../support/normal-session.ts';
import { mqttPacket, openRaw, openRawClient, openTcp, within, type RawClient } from '../support/raw-mqtt.ts';

// One client trying to exhaust the embedded server, one limit at a time
// (docs/decisions/0018-broker-limits.md). Each attack is bounded in time and count, comes from its
// own loopback address (127.0.0.2 and up), and runs beside a normal session from 127.0.0.1.

const ENDED_TTL = 500;
const ORPHANED_TTL = 1500;
/** Limits short enough to watch them act within a test. */
const TIGHT: Partial<ServerLimits> = {
  maxConnections: 24,
  maxConnectionsPerAddress: 8,
  maxStatusRecords: 12,
  endedStatusTtlMs: ENDED_TTL,
  orphanedStatusTtlMs: ORPHANED_TTL,
  pingIntervalMs: 200,
  headersTimeoutMs: 400,
  connectTimeoutMs: 800,
};
const ATTACKER = '127.0.0.2';
const CONNACK = 2;
const PUBLISH = 3;
const SUBACK = 9;

let server: LookoverServer | undefined;
let log: string[] = [];
const toClose: (() => void)[] = [];

async function start(limits: Partial<ServerLimits> = {}) {
  log = [];
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    limits: { ...TIGHT, ...limits },
    log: (line) => log.push(line),
  });
  return server;
}
afterEach(async () => {
  for (const close of toClose.splice(0)) close();
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const linesAbout = (address: string) => log.filter((line) => line.includes(` ${address}: `));
const port = () => Number(new URL(server!.url).port);

/** A raw WebSocket client from `address`, closed after the test. */
async function raw(address = ATTACKER, options: Parameters<typeof openRawClient>[1] = {}) {
  const client = await openRawClient(server!.brokerUrl, { localAddress: address, ...options });
  toClose.push(() => client.ws.terminate());
  return client;
}

/** A raw client from `address` that has connected (its CONNACK is in). */
async function connected(address = ATTACKER, connect: Parameters<typeof mqttPacket.connect>[0] = {}) {
  const client = await raw(address);
  client.ws.send(mqttPacket.connect(connect));
  await expect.poll(() => client.received).toContain(CONNACK);
  return client;
}

/** How the broker closed `client`, or `still open` if it did not within `ms`. */
const closeOf = (client: RawClient, ms = 2000) => within(client.closed, ms, 'still open' as const);

/** Whether a new subscriber to `topic` is sent a retained record. */
async function retainedAt(topic: string) {
  const reader = await connected('127.0.0.1');
  reader.ws.send(mqttPacket.subscribe(topic));
  await expect.poll(() => reader.received).toContain(SUBACK);
  await sleep(100);
  reader.ws.close();
  return reader.received.includes(PUBLISH);
}

/** A raw client from `address` that writes a retained status record for `session`. */
async function statusWriter(address: string, session = randomId()) {
  const writer = await connected(address);
  writer.ws.send(mqttPacket.publish(statusTopic(session), 'sealed status', true));
  return { writer, topic: statusTopic(session) };
}

describe('oversize packets are refused from their fixed header', () => {
  const CHUNK = Buffer.alloc(64 * 1024);
  it.each([
    [
      'a PUBLISH declaring 200 MiB',
      [mqttPacket.connect(), mqttPacket.header(0x30, 200 * 2 ** 20)],
      'packet too large (209715200 bytes, at most 66560)',
    ],
    [
      'a CONNECT declaring 10 MiB',
      [mqttPacket.header(0x10, 10 * 2 ** 20)],
      'packet too large (10485760 bytes, at most 1024)',
    ],
  ])('%s: closed at once, while a normal session completes', async (_name, opening, reason) => {
    await start();
    const session = normalSession(server!.brokerUrl);
    const attacker = await raw();
    for (const bytes of opening) attacker.ws.send(bytes);
    // Then the body, as fast as the server takes it, for at most a second.
    const started = Date.now();
    while (attacker.isOpen() && Date.now() - started < 1000) {
      if (attacker.ws.bufferedAmount < 2 ** 20) attacker.ws.send(CHUNK);
      await sleep(1);
    }
    expect(await closeOf(attacker, 500)).toEqual({ code: 1009, reason });
    expect(linesAbout(ATTACKER)).toEqual([`closed ${ATTACKER}: ${reason}`]);
    expect(await session).toEqual(COMPLETED);
  });
});

describe('CONNECT', () => {
  it.each([
    [
      'a persistent session',
      { clean: false },
      'persistent sessions are not kept: connect with a clean session',
    ],
    ['keepalive 0', { keepalive: 0 }, 'keepalive must be 1 to 300 s, not 0'],
    ['keepalive 301', { keepalive: 301 }, 'keepalive must be 1 to 300 s, not 301'],
  ])('refuses %s, and a normal session completes', async (_name, connect, reason) => {
    await start();
    const attacker = await raw();
    attacker.ws.send(mqttPacket.connect(connect));
    expect(await closeOf(attacker)).toEqual({ code: 1008, reason });
    expect(attacker.received).not.toContain(CONNACK);
    expect(linesAbout(ATTACKER)).toEqual([`closed ${ATTACKER}: ${reason}`]);
    expect(await normalSession(server!.brokerUrl)).toEqual(COMPLETED);
  });

  it.each([1, 300])('takes keepalive %i', async (keepalive) => {
    await start();
    await connected(ATTACKER, { keepalive });
  });

  it('refuses a second connection with a live client id, and takes it once the first has gone', async () => {
    await start();
    const first = await mqtt.connectAsync(server!.brokerUrl, { clientId: 'taken-id', reconnectPeriod: 0 });
    toClose.push(() => first.end(true));
    const second = await raw();
    second.ws.send(mqttPacket.connect({ clientId: 'taken-id' }));
    expect(await closeOf(second)).toEqual({ code: 1008, reason: 'client id already connected' });
    expect(linesAbout(ATTACKER)).toEqual([`closed ${ATTACKER}: client id already connected`]);

    // The first is still connected, and still works.
    const topic = sharerTopic(randomId());
    const heard = new Promise((resolve) =>
      first.once('message', (_topic, payload) => resolve(String(payload))),
    );
    await first.subscribeAsync(topic, { qos: 1 });
    await first.publishAsync(topic, 'still here', { qos: 1 });
    expect(await heard).toBe('still here');
    await first.endAsync();

    await connected(ATTACKER, { clientId: 'taken-id' });
  });

  it('closes a WebSocket that sends no CONNECT in time', async () => {
    await start();
    const idle = await raw();
    expect(await closeOf(idle, 2000)).toEqual({ code: 1008, reason: 'connect did not arrive in time' });
    expect(linesAbout(ATTACKER)).toHaveLength(1);
  });
});

describe('status records', () => {
  it('belong to their first writer: another client that writes one is refused', async () => {
    await start();
    const session = await startNormalSession(server!.brokerUrl);
    toClose.push(session.close);
    const intruder = await connected();
    intruder.ws.send(mqttPacket.publish(statusTopic(session.sessionId), 'forged', true));
    const reason = 'this status record belongs to another client';
    expect(await closeOf(intruder)).toEqual({ code: 1008, reason });
    expect(linesAbout(ATTACKER)).toEqual([`closed ${ATTACKER}: ${reason}`]);
    // The helper still reads the sharer's record, not a forged one ("wrong key").
    expect(await session.complete()).toEqual(COMPLETED);
  });

  it.each([
    ['left with a DISCONNECT (a share that ended)', 'disconnect', ENDED_TTL],
    ['vanished (a sharer who may come back)', 'terminate', ORPHANED_TTL],
  ])('expire once their writer %s', async (_name, leave, ttl) => {
    await start();
    const { writer, topic } = await statusWriter(ATTACKER);
    await expect.poll(() => retainedAt(topic)).toBe(true);
    if (leave === 'disconnect') writer.ws.send(mqttPacket.disconnect());
    else writer.ws.terminate();
    await writer.closed;
    const gone = Date.now();
    const at = (ms: number) => sleep(Math.max(0, gone + ms - Date.now()));
    expect(await retainedAt(topic)).toBe(true);
    if (ttl > ENDED_TTL) {
      await at(ENDED_TTL + 200);
      expect(await retainedAt(topic)).toBe(true);
    }
    await at(ttl + 200);
    expect(await retainedAt(topic)).toBe(false);
    expect(await normalSession(server!.brokerUrl)).toEqual(COMPLETED);
  });

  it('stay while their writer is connected', async () => {
    await start();
    const { topic } = await statusWriter(ATTACKER);
    await sleep(ORPHANED_TTL + 200);
    expect(await retainedAt(topic)).toBe(true);
  });

  it('are capped in all: past the cap a new one pushes out the oldest orphan, or is refused', async () => {
    await start({ maxStatusRecords: 6, maxConnectionsPerAddress: 4, orphanedStatusTtlMs: 60_000 });
    const session = await startNormalSession(server!.brokerUrl);
    toClose.push(session.close);
    const writers: Awaited<ReturnType<typeof statusWriter>>[] = [];
    for (const address of ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3'])
      writers.push(await statusWriter(address));
    await expect.poll(() => retainedAt(writers[4]!.topic)).toBe(true);

    const late = await connected('127.0.0.4');
    late.ws.send(mqttPacket.publish(statusTopic(randomId()), 'sealed status', true));
    const reason = 'too many status records on this server';
    expect(await closeOf(late)).toEqual({ code: 1008, reason });
    expect(linesAbout('127.0.0.4')).toEqual([`closed 127.0.0.4: ${reason}`]);

    writers[0]!.writer.ws.terminate();
    await writers[0]!.writer.closed;
    const next = await statusWriter('127.0.0.4');
    await expect.poll(() => retainedAt(next.topic)).toBe(true);
    expect(await retainedAt(writers[0]!.topic)).toBe(false);
    expect(await retainedAt(writers[1]!.topic)).toBe(true);
    expect(await session.complete()).toEqual(COMPLETED);
  });

  it('are capped per address: records of writers that left make way for new ones', async () => {
    await start({ maxConnectionsPerAddress: 3, endedStatusTtlMs: 60_000 });
    const written: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { writer, topic } = await statusWriter(ATTACKER);
      await expect.poll(() => retainedAt(topic)).toBe(true);
      writer.ws.send(mqttPacket.disconnect());
      await writer.closed;
      written.push(topic);
    }
    const kept: boolean[] = [];
    for (const topic of written) kept.push(await retainedAt(topic));
    expect(kept).toEqual([false, false, false, true, true, true]);
    expect(await normalSession(server!.brokerUrl)).toEqual(COMPLETED);
  });
});

describe('subscriptions', () => {
  it('closes a connection past 8 subscriptions', async () => {
    await start();
    const session = normalSession(server!.brokerUrl);
    const attacker = await connected();
    const id = randomId();
    const subacks = () => attacker.received.filter((type) => type === SUBACK).length;
    for (let i = 1; i <= 8; i++) {
      attacker.ws.send(mqttPacket.subscribe(helperTopic(id, `helper-${i}-${randomId()}`), i));
      await expect.poll(subacks).toBe(i);
    }
    attacker.ws.send(mqttPacket.subscribe(helperTopic(id, `helper-9-${randomId()}`), 9));
    expect(await closeOf(attacker)).toEqual({ code: 1008, reason: 'more than 8 subscriptions' });
    expect(linesAbout(ATTACKER)).toHaveLength(1);
    expect(await session).toEqual(COMPLETED);
  });

  it('closes a connection that subscribes too fast', async () => {
    await start();
    const session = normalSession(server!.brokerUrl);
    const attacker = await connected();
    const topic = sharerTopic(randomId());
    for (let i = 1; i <= 40; i++) attacker.ws.send(mqttPacket.subscribe(topic, i));
    expect(await closeOf(attacker)).toEqual({ code: 1008, reason: 'subscribing too fast' });
    expect(attacker.received.filter((type) => type === SUBACK).length).toBeLessThanOrEqual(16);
    expect(linesAbout(ATTACKER)).toHaveLength(1);
    expect(await session).toEqual(COMPLETED);
  });
});

describe('connections', () => {
  it('caps MQTT connections per address', async () => {
    await start({ maxConnectionsPerAddress: 8 });
    const session = normalSession(server!.brokerUrl);
    for (let i = 0; i < 8; i++) await connected();
    const refused = await openRaw(server!.brokerUrl, { localAddress: ATTACKER });
    expect(refused).toEqual({ status: 429, body: 'too many connections from this address' });
    expect(linesAbout(ATTACKER)).toEqual([`refused ${ATTACKER}: too many connections from this address`]);
    expect(await session).toEqual(COMPLETED);
  });

  it('caps MQTT connections in all', async () => {
    await start({ maxConnections: 8, maxConnectionsPerAddress: 4 });
    const session = await startNormalSession(server!.brokerUrl);
    toClose.push(session.close);
    for (const address of ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3'])
      await connected(address);
    const refused = await openRaw(server!.brokerUrl, { localAddress: '127.0.0.4' });
    expect(refused).toEqual({ status: 503, body: 'too many connections on this server' });
    expect(linesAbout('127.0.0.4')).toHaveLength(1);
    expect(await session.complete()).toEqual(COMPLETED);
  });

  it('caps sockets per address, counted before they send a byte', async () => {
    await start({ maxConnectionsPerAddress: 2, headersTimeoutMs: 10_000 });
    const session = normalSession(server!.brokerUrl);
    const sockets: Socket[] = [];
    for (let i = 0; i < 2 + HTTP_SOCKETS_PER_ADDRESS; i++) sockets.push(await openTcp(port(), ATTACKER));
    const over = await openTcp(port(), ATTACKER);
    sockets.push(over);
    toClose.push(() => sockets.forEach((socket) => socket.destroy()));
    expect(await within(new Promise((resolve) => over.once('close', resolve)), 1000, 'still open')).not.toBe(
      'still open',
    );
    expect(sockets.filter((socket) => !socket.destroyed)).toHaveLength(2 + HTTP_SOCKETS_PER_ADDRESS);
    expect(linesAbout(ATTACKER)).toEqual([`refused ${ATTACKER}: too many sockets from this address`]);
    expect(await session).toEqual(COMPLETED);
  });

  it('caps sockets in all', async () => {
    await start({ maxConnections: 2, maxConnectionsPerAddress: 2, headersTimeoutMs: 10_000 });
    const session = await startNormalSession(server!.brokerUrl);
    toClose.push(session.close);
    const sockets: Socket[] = [];
    toClose.push(() => sockets.forEach((socket) => socket.destroy()));
    // The session holds 2; the rest come from addresses that each stay under their own cap.
    for (let i = 0; i < 2 + HTTP_SOCKETS_TOTAL - 2; i++)
      sockets.push(await openTcp(port(), `127.0.1.${1 + Math.floor(i / (2 + HTTP_SOCKETS_PER_ADDRESS))}`));
    const over = await openTcp(port(), '127.0.2.1');
    sockets.push(over);
    expect(await within(new Promise((resolve) => over.once('close', resolve)), 1000, 'still open')).not.toBe(
      'still open',
    );
    expect(linesAbout('127.0.2.1')).toEqual(['refused 127.0.2.1: too many sockets']);
    expect(await session.complete()).toEqual(COMPLETED);
  });

  it('closes a WebSocket that does not answer pings', async () => {
    await start({ pingIntervalMs: 200 });
    const session = normalSession(server!.brokerUrl);
    const silent = await raw(ATTACKER, { autoPong: false });
    silent.ws.send(mqttPacket.connect({ keepalive: 300 }));
    const answering = await connected('127.0.0.3', { keepalive: 300 });
    expect(await closeOf(silent, 1500)).toEqual({ code: 1008, reason: 'no answer to ping' });
    expect(linesAbout(ATTACKER)).toEqual([`closed ${ATTACKER}: no answer to ping`]);
    expect(answering.isOpen()).toBe(true);
    expect(await session).toEqual(COMPLETED);
  });

  it.each([
    ['sends its request headers too slowly', 'GET / HTTP/1.1\r\nHost: x\r\n'],
    ['sends nothing', ''],
  ])('closes a socket that %s', async (_name, partial) => {
    await start({ headersTimeoutMs: 400 });
    const socket = await openTcp(port(), ATTACKER);
    toClose.push(() => socket.destroy());
    let answer = '';
    socket.on('data', (data) => (answer += String(data)));
    if (partial) socket.write(partial);
    expect(
      await within(new Promise((resolve) => socket.once('close', resolve)), 2000, 'still open'),
    ).not.toBe('still open');
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });

  const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
  it.each([
    ['another web page', 'https://evil.example', 403],
    ['a sandboxed page', 'null', 403],
    ['the same host on another port', 'http://127.0.0.1:1', 403],
    ['the helper page served here', 'self', 101],
    ['the extension', EXTENSION, 101],
    ['a client that sends no Origin (Node, the tests, the bench)', undefined, 101],
  ])('by default, a WebSocket with the origin of %s: %s', async (_name, origin, status) => {
    await start();
    const sent = origin === 'self' ? `http://127.0.0.1:${port()}` : origin;
    const opened = await openRaw(server!.brokerUrl, {
      localAddress: ATTACKER,
      ...(sent ? { origin: sent } : {}),
    });
    if ('ws' in opened) opened.ws.terminate();
    if (status === 101) expect('ws' in opened).toBe(true);
    else expect(opened).toEqual({ status, body: `origin not allowed: ${sent}` });
    expect(linesAbout(ATTACKER)).toHaveLength(status === 101 ? 0 : 1);
  });

  it('takes only the origins it is told to', async () => {
    await start({ allowedOrigins: ['https://help.example.org'] });
    const open = (origin: string) => openRaw(server!.brokerUrl, { origin });
    const allowed = await open('https://help.example.org');
    if ('ws' in allowed) allowed.ws.terminate();
    expect('ws' in allowed).toBe(true);
    expect(await open(EXTENSION)).toMatchObject({ status: 403 });
    expect(await open(`http://127.0.0.1:${port()}`)).toMatchObject({ status: 403 });
    expect(await normalSession(server!.brokerUrl)).toEqual(COMPLETED);
  });
});
