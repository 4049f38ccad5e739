import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharerTopic } from '../../src/core/signaling/topics.ts';
import { randomId } from '../../src/core/util/bytes.ts';
import { ICE_BURST, ICE_PER_SECOND } from '../../src/server/limits.ts';
import { startServer, type LookoverServer, type ServerOptions } from '../../src/server/server.ts';
import { readTlsFiles } from '../../src/server/tls-files.ts';
import { TURN_CREDENTIAL_TTL_S } from '../../src/server/turn-credential.ts';
import { httpGet } from '../support/http-get.ts';
import { openTcp, within } from '../support/raw-mqtt.ts';
import { selfSignedCertificate } from '../support/self-signed.ts';

// Lookover on a public host (docs/decisions/0019-public-server.md): HTTPS and WSS on one port with a
// throwaway certificate, and the ICE servers at /ice. Every request goes to 127.0.0.1; addresses
// such as 198.51.100.x appear only as header values a trusted proxy would have written.

const SECRET = 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5';
const STUN = ['stun:stun.example.org:3478'];
const TURN = ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'];
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const HELPER_PAGE = '<!doctype html><title>Lookover helper page</title>';

let certificate: ReturnType<typeof selfSignedCertificate>;
let helperDir: string;
beforeAll(() => {
  certificate = selfSignedCertificate();
  helperDir = join(certificate.dir, 'helper');
  mkdirSync(helperDir);
  writeFileSync(join(helperDir, 'index.html'), HELPER_PAGE);
});
afterAll(() => certificate.remove());

let server: LookoverServer | undefined;
let log: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ServerOptions = {}) {
  log = [];
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    helperDir,
    tls: { cert: certificate.cert, key: certificate.key },
    ice: { stunUrls: STUN, turn: { urls: TURN, secret: SECRET } },
    log: (line) => log.push(line),
    ...options,
  });
  return server;
}

/** One request, trusting only the throwaway certificate. */
const get = (url: string, options: Omit<Parameters<typeof httpGet>[1], 'ca'> = {}) =>
  httpGet(url, { ...options, ca: certificate.cert });
const ice = (options?: Parameters<typeof get>[1]) => get(new URL('/ice', server!.url).toString(), options);
const fromExtension = { headers: { Origin: EXTENSION } };

describe('HTTPS and WSS on one port', () => {
  it('serves the helper page over HTTPS, and says so in its URLs', async () => {
    await start();
    expect(server!.url).toMatch(/^https:\/\/127\.0\.0\.1:[0-9]+\/$/);
    expect(server!.brokerUrl).toBe(server!.url.replace(/^https/, 'wss') + 'mqtt');
    const page = await get(server!.url);
    expect(page.status).toBe(200);
    expect(page.body).toBe(HELPER_PAGE);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('takes an MQTT connection at wss://…/mqtt and carries a message', async () => {
    await start();
    const client = await mqtt.connectAsync(server!.brokerUrl, { ca: certificate.cert, reconnectPeriod: 0 });
    try {
      const topic = sharerTopic(randomId());
      await client.subscribeAsync(topic);
      const received = new Promise<string>((resolve) =>
        client.once('message', (_topic, payload) => resolve(payload.toString())),
      );
      await client.publishAsync(topic, 'over TLS');
      expect(await received).toBe('over TLS');
    } finally {
      await client.endAsync();
    }
  });

  it('turns an MQTT client that does not trust the certificate away at the handshake', async () => {
    await start();
    await expect(
      mqtt.connectAsync(server!.brokerUrl, { reconnectPeriod: 0, connectTimeout: 2000 }),
    ).rejects.toThrow(/self[- ]signed/i);
  });

  it('closes a socket that never starts its TLS handshake, like one that never sends headers', async () => {
    await start({ limits: { headersTimeoutMs: 400 } });
    const socket = await openTcp(Number(new URL(server!.url).port));
    const closed = new Promise((resolve) => socket.once('close', () => resolve('closed')));
    expect(await within(closed, 1500, 'still open')).toBe('closed');
  });

  it('speaks TLS only: plain HTTP to the port gets no page', async () => {
    await start();
    const plain = await get(server!.url.replace(/^https/, 'http')).catch((error: Error) => error);
    expect(plain).not.toHaveProperty('body', HELPER_PAGE);
  });

  it('advertises the public URL when given one', async () => {
    await start({ publicUrl: 'https://help.example.org/' });
    expect({ url: server!.url, brokerUrl: server!.brokerUrl }).toEqual({
      url: 'https://help.example.org/',
      brokerUrl: 'wss://help.example.org/mqtt',
    });
  });

  it('still serves plain HTTP by default', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', helperDir });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+\/$/);
    expect(server.brokerUrl).toMatch(/^ws:\/\/127\.0\.0\.1:[0-9]+\/mqtt$/);
    expect((await get(server.url)).body).toBe(HELPER_PAGE);
  });
});

describe('GET /ice', () => {
  it('hands the extension STUN and TURN, with a TURN REST credential for the secret', async () => {
    await start();
    const before = Date.now();
    const answer = await ice(fromExtension);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['access-control-allow-origin']).toBe(EXTENSION);
    expect(answer.headers.vary).toBe('Origin');
    const body = JSON.parse(answer.body) as {
      iceServers: { urls: string | string[]; username?: string; credential?: string }[];
      expiresAt: number;
    };
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'iceServers']);
    const [stun, turn, ...rest] = body.iceServers;
    expect(rest).toEqual([]);
    expect(stun).toEqual({ urls: STUN[0] });
    expect(turn?.urls).toEqual(TURN);
    const [expiry, id] = (turn?.username ?? '').split(':');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Number(expiry) * 1000).toBe(body.expiresAt);
    expect(body.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000 + TURN_CREDENTIAL_TTL_S) * 1000);
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + TURN_CREDENTIAL_TTL_S * 1000);
    expect(turn?.credential).toBe(
      createHmac('sha1', SECRET)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
  });

  it('gives every request its own credential', async () => {
    await start();
    const usernames = await Promise.all([ice(fromExtension), ice(fromExtension)]);
    const [a, b] = usernames.map(
      (answer) =>
        (JSON.parse(answer.body) as { iceServers: { username?: string }[] }).iceServers[1]?.username,
    );
    expect(a).not.toBe(b);
  });

  it.each<[string, boolean, (url: string) => string | undefined]>([
    ['the helper page served here', true, (url: string) => new URL(url).origin],
    ['a client that is not a web page (no Origin)', true, () => undefined],
    ['another web page', false, () => 'https://evil.example'],
    [
      'the same host on another port',
      false,
      (url: string) => `https://127.0.0.1:${Number(new URL(url).port) + 1}`,
    ],
    ['a sandboxed page', false, () => 'null'],
  ])('from %s: allowed %s', async (_name, allowed, originOf) => {
    await start();
    const origin = originOf(server!.url);
    const answer = await ice(origin === undefined ? {} : { headers: { Origin: origin } });
    expect(answer.status).toBe(allowed ? 200 : 403);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
    if (!allowed) {
      expect(answer.body).not.toMatch(/credential/);
      expect(log).toEqual([`refused 127.0.0.1: /ice from origin not allowed: ${origin}`]);
    }
  });

  it('answers an allowed preflight, refuses a foreign one, and takes no other method', async () => {
    await start();
    const preflight = await ice({ method: 'OPTIONS', headers: { Origin: EXTENSION } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(EXTENSION);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET');
    expect((await ice({ method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    const post = await ice({ method: 'POST', headers: { Origin: EXTENSION } });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, OPTIONS');
  });

  it(`refuses an address past its burst of ${ICE_BURST} with 429 and Retry-After, and no one else`, async () => {
    await start();
    const from = { ...fromExtension, localAddress: '127.0.0.3' };
    for (let i = 0; i < ICE_BURST; i++) expect((await ice(from)).status).toBe(200);
    const refused = await ice(from);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(Math.ceil(1 / ICE_PER_SECOND)));
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).not.toMatch(/credential/);
    expect(log).toEqual(['refused 127.0.0.3: /ice asked too often']);
    expect((await ice({ ...fromExtension, localAddress: '127.0.0.4' })).status).toBe(200);
  });

  it('behind a trusted proxy, counts each forwarded client on its own, and no one else may forward', async () => {
    await start({ trustedProxies: ['127.0.0.1'] });
    const forwarded = (client: string, localAddress = '127.0.0.1') =>
      ice({ headers: { Origin: EXTENSION, 'X-Forwarded-For': client }, localAddress });
    for (let i = 0; i < ICE_BURST; i++) expect((await forwarded('198.51.100.1')).status).toBe(200);
    expect((await forwarded('198.51.100.1')).status).toBe(429);
    expect((await forwarded('198.51.100.2')).status).toBe(200);
    // Not from the proxy: its X-Forwarded-For is its own invention, and it is counted by its address.
    for (let i = 0; i < ICE_BURST; i++)
      expect((await forwarded(`198.51.100.${10 + i}`, '127.0.0.5')).status).toBe(200);
    expect((await forwarded('198.51.100.99', '127.0.0.5')).status).toBe(429);
    expect(log).toEqual([
      'refused 198.51.100.1: /ice asked too often',
      'refused 127.0.0.5: /ice asked too often',
    ]);
  });

  it('with no servers configured, answers an empty list', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1' });
    const answer = await ice(fromExtension);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ iceServers: [] });
  });
});

describe('certificate files', () => {
  it('reads a certificate and its key', () => {
    const files = readTlsFiles(certificate);
    expect(
      files.ok && files.value.cert.equals(certificate.cert) && files.value.key.equals(certificate.key),
    ).toBe(true);
  });

  it.each([
    [
      'a missing certificate',
      () => ({ certPath: join(certificate.dir, 'none.crt'), keyPath: certificate.keyPath }),
      /^TLS_CERT: cannot read .*none\.crt \(ENOENT\)$/,
    ],
    [
      'a missing key',
      () => ({ certPath: certificate.certPath, keyPath: join(certificate.dir, 'none.key') }),
      /^TLS_KEY: cannot read .*none\.key \(ENOENT\)$/,
    ],
    [
      'a folder for a key',
      () => ({ certPath: certificate.certPath, keyPath: certificate.dir }),
      /^TLS_KEY: cannot read .* \(EISDIR\)$/,
    ],
    [
      'a key for a certificate',
      () => ({ certPath: certificate.keyPath, keyPath: certificate.keyPath }),
      /are not a PEM certificate and its key/,
    ],
    [
      'a page for a key',
      () => ({ certPath: certificate.certPath, keyPath: join(helperDir, 'index.html') }),
      /are not a PEM certificate and its key/,
    ],
  ])('refuses %s', (_name, paths, message) => {
    const files = readTlsFiles(paths());
    expect(files.ok ? 'read' : files.error).toMatch(message);
  });

  it("refuses another certificate's key", () => {
    const other = selfSignedCertificate('other');
    try {
      const files = readTlsFiles({ certPath: certificate.certPath, keyPath: other.keyPath });
      expect(files.ok ? 'read' : files.error).toMatch(
        /are not a PEM certificate and its key \(.*key values mismatch/,
      );
    } finally {
      other.remove();
    }
  });
});

it('serves the certificate it was given', async () => {
  await start();
  const socket = tlsConnect({
    host: '127.0.0.1',
    port: Number(new URL(server!.url).port),
    ca: certificate.cert,
    servername: 'localhost',
  });
  const peer = await new Promise<Buffer>((resolve, reject) => {
    socket.once('secureConnect', () => resolve(socket.getPeerCertificate().raw));
    socket.once('error', reject);
  });
  socket.destroy();
  expect(peer.toString('base64')).toBe(certificate.cert.toString().replace(/-----[A-Z ]+-----|\s/g, ''));
});
