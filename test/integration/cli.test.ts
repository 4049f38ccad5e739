import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LIMIT_SETTINGS } from '../../src/server/limits.ts';
import { OPS_SETTINGS } from '../../src/server/ops-config.ts';
import { PUBLIC_SETTINGS } from '../../src/server/public-config.ts';
import { httpGet } from '../support/http-get.ts';
import { events, listeningPort, serveCli, startedEvent } from '../support/serve-cli.ts';
import { selfSignedCertificate } from '../support/self-signed.ts';

// `npm run serve` as an operator runs it (test/support/serve-cli.ts). Every server listens on
// 127.0.0.1 and a port the OS picks.

const SECRET = 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5';

let certificate: ReturnType<typeof selfSignedCertificate>;
beforeAll(() => {
  certificate = selfSignedCertificate();
});
afterAll(() => certificate.remove());

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function serve(env: Record<string, string>) {
  const served = serveCli(env);
  running.push(served.child);
  return served.ready;
}

describe('the server started from its environment', () => {
  it.each([
    ['a bad port', { PORT: 'http' }, 'PORT: "http" is not a port (0 to 65535)'],
    ['a bad public URL', { PUBLIC_URL: 'help.example.org' }, 'PUBLIC_URL: "help.example.org" is not a URL'],
    [
      'a certificate without its key',
      { TLS_CERT: '/etc/lookover/cert.pem' },
      'TLS_CERT is set but TLS_KEY is not',
    ],
    [
      'a certificate that is not there',
      { TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: '/nonexistent/key.pem' },
      'TLS_CERT: cannot read /nonexistent/cert.pem (ENOENT)',
    ],
    ['a bad STUN URL', { STUN_URLS: 'stun.example.org' }, 'STUN_URLS: "stun.example.org" is not a STUN URL'],
    [
      'TURN without its secret',
      { TURN_URLS: 'turn:turn.example.org' },
      'TURN_URLS is set but TURN_SECRET is not',
    ],
    ['a bad log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL: "loud" is not one of debug, info, warn, error'],
    ['a bad metrics setting', { METRICS: 'public' }, 'METRICS: "public" is not one of on, off, local'],
    ['a bad trusted proxy', { TRUSTED_PROXIES: 'caddy' }, 'TRUSTED_PROXIES: "caddy" is not an IP address'],
    [
      'a bad limit',
      { LOOKOVER_MAX_CONNECTIONS: '0' },
      'LOOKOVER_MAX_CONNECTIONS: "0" is not a whole number from 1',
    ],
  ])('stops at once on %s, saying which', async (_name, env, message) => {
    const { code, stdout, stderr } = await serve(env);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(events(stdout)).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'start failed',
        message: expect.stringContaining(`Could not start the Lookover server: ${message}`) as unknown,
      }),
    ]);
  });

  it('stops at once on a key file that is not a key', async () => {
    const { code, stdout } = await serve({ TLS_CERT: certificate.certPath, TLS_KEY: certificate.certPath });
    expect(code).toBe(1);
    expect(events(stdout)[0]?.message).toMatch(
      /^Could not start the Lookover server: TLS_CERT and TLS_KEY: .* are not a PEM certificate and its key/,
    );
  });

  it('serves HTTPS with TLS_CERT and TLS_KEY, and prints the public URL and the ICE servers', async () => {
    const { code, stdout, stderr } = await serve({
      TLS_CERT: certificate.certPath,
      TLS_KEY: certificate.keyPath,
      PUBLIC_URL: 'https://help.example.org',
      STUN_URLS: 'stun:turn.example.org:3478',
      TURN_URLS: 'turn:turn.example.org:3478,turns:turn.example.org:5349',
      TURN_SECRET: SECRET,
    });
    expect(code).toBe(null);
    expect(startedEvent(stdout)).toMatchObject({
      level: 'info',
      helperPage: 'https://help.example.org/',
      broker: 'wss://help.example.org/mqtt',
      listening: expect.stringMatching(/^https on 127\.0\.0\.1:[1-9][0-9]*$/) as unknown,
      iceServers: '1 STUN, 2 TURN URLs (credentials for 6 h) at https://help.example.org/ice',
    });
    expect(stdout).not.toContain(SECRET);
    expect(stderr).toBe('');
    const answer = await httpGet(`https://127.0.0.1:${listeningPort(stdout)}/ice`, { ca: certificate.cert });
    const { iceServers } = JSON.parse(answer.body) as {
      iceServers: { username?: string; credential?: string }[];
    };
    const turn = iceServers[1];
    expect(turn?.credential).toBe(
      createHmac('sha1', SECRET)
        .update(turn?.username ?? '')
        .digest('base64'),
    );
  });

  it('counts the clients a trusted proxy forwards each on its own', async () => {
    const { stdout } = await serve({ TRUSTED_PROXIES: '127.0.0.1' });
    const from = (client: string) =>
      httpGet(`http://127.0.0.1:${listeningPort(stdout)}/ice`, { headers: { 'X-Forwarded-For': client } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await from('198.51.100.1')).status);
    statuses.push((await from('198.51.100.2')).status);
    expect(statuses).toEqual([...new Array<number>(10).fill(200), 429, 200]);
  });

  it('starts with deploy/lookover.env.example, which names every setting', async () => {
    const example = readFileSync(new URL('../../deploy/lookover.env.example', import.meta.url), 'utf8');
    const env = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const named = [...example.matchAll(/^#?([A-Z][A-Z_]+)=/gm)].map((match) => match[1]);
    expect(new Set(named)).toEqual(
      new Set([...PUBLIC_SETTINGS, ...Object.keys(LIMIT_SETTINGS), ...OPS_SETTINGS]),
    );
    const { code, stdout, stderr } = await serve({ ...env, PORT: '0', TURN_SECRET: SECRET });
    expect(stderr).toBe('');
    expect(code).toBe(null);
    expect(startedEvent(stdout)?.helperPage).toBe('https://help.example.org/');
  });

  it.each<[string, Record<string, string>, RegExp | null, Record<string, unknown>]>([
    [
      'npm start as it was',
      {},
      null,
      { helperPage: expect.stringMatching(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*\/$/) },
    ],
    [
      'a plain public URL',
      { PUBLIC_URL: 'http://help.example.org/' },
      /^Helpers on other machines will open http:\/\/help\.example\.org\/ over plain HTTP, where the helper page cannot use WebCrypto/,
      { helperPage: 'http://help.example.org/' },
    ],
    [
      'a TLS proxy in front',
      { PUBLIC_URL: 'https://help.example.org/', TRUSTED_PROXIES: '127.0.0.1' },
      null,
      { listening: expect.stringMatching(/^http on 127\.0\.0\.1:[0-9]+$/), trustedProxies: ['127.0.0.1'] },
    ],
  ])('plain HTTP, %s', async (_name, env, warning, started) => {
    const { code, stdout, stderr } = await serve(env);
    expect(code).toBe(null);
    expect(stderr).toBe('');
    expect(startedEvent(stdout)).toMatchObject(started);
    const warnings = events(stdout).filter(({ level }) => level === 'warn');
    if (warning === null) expect(warnings).toEqual([]);
    else
      expect(warnings).toEqual([
        expect.objectContaining({ event: 'plain http', message: expect.stringMatching(warning) }),
      ]);
  });
});
