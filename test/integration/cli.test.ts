import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LIMIT_SETTINGS } from '../../src/server/limits.ts';
import { PUBLIC_SETTINGS } from '../../src/server/public-config.ts';
import { httpGet } from '../support/http-get.ts';
import { selfSignedCertificate } from '../support/self-signed.ts';

// `npm run serve` as an operator runs it: src/server/cli.ts in its own process, configured by its
// environment alone. Every server listens on 127.0.0.1 and a port the OS picks.

const CLI = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
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

/** The server's process with only `env` (and PATH) set; resolves once it exits or says it runs. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const done = () => resolve({ code: child.exitCode, stdout, stderr });
    child.once('exit', done);
    child.stdout.on('data', () => {
      if (stdout.includes('Press Ctrl-C to stop.')) setTimeout(done, 100);
    });
  });
}

const listeningPort = (stdout: string) => /Listening: +https? on 127\.0\.0\.1:([0-9]+)/.exec(stdout)?.[1];

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
    ['a bad trusted proxy', { TRUSTED_PROXIES: 'caddy' }, 'TRUSTED_PROXIES: "caddy" is not an IP address'],
    [
      'a bad limit',
      { LOOKOVER_MAX_CONNECTIONS: '0' },
      'LOOKOVER_MAX_CONNECTIONS: "0" is not a whole number from 1',
    ],
  ])('stops at once on %s, saying which', async (_name, env, message) => {
    const { code, stdout, stderr } = await serve(env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Could not start the Lookover server: ${message}`);
  });

  it('stops at once on a key file that is not a key', async () => {
    const { code, stderr } = await serve({ TLS_CERT: certificate.certPath, TLS_KEY: certificate.certPath });
    expect(code).toBe(1);
    expect(stderr).toMatch(
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
    expect(stdout).toContain('Helper page:  https://help.example.org/\n');
    expect(stdout).toContain('MQTT broker:  wss://help.example.org/mqtt\n');
    expect(stdout).toMatch(/Listening: {4}https on 127\.0\.0\.1:[1-9][0-9]*\n/);
    expect(stdout).toContain(
      'ICE servers:  1 STUN, 2 TURN URLs (credentials for 6 h) at https://help.example.org/ice\n',
    );
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
    expect(new Set(named)).toEqual(new Set([...PUBLIC_SETTINGS, ...Object.keys(LIMIT_SETTINGS)]));
    const { code, stdout, stderr } = await serve({ ...env, PORT: '0', TURN_SECRET: SECRET });
    expect(stderr).toBe('');
    expect(code).toBe(null);
    expect(stdout).toContain('Helper page:  https://help.example.org/\n');
  });

  it.each([
    ['npm start as it was', {}, /^$/, /Helper page: {2}http:\/\/127\.0\.0\.1:[1-9][0-9]*\/\n/],
    [
      'a plain public URL',
      { PUBLIC_URL: 'http://help.example.org/' },
      /^Warning: Helpers on other machines will open http:\/\/help\.example\.org\/ over plain HTTP, where the helper page cannot use WebCrypto/,
      /Helper page: {2}http:\/\/help\.example\.org\/\n/,
    ],
    [
      'a TLS proxy in front',
      { PUBLIC_URL: 'https://help.example.org/', TRUSTED_PROXIES: '127.0.0.1' },
      /^$/,
      /Listening: {4}http on 127\.0\.0\.1:[0-9]+, behind 127\.0\.0\.1\n/,
    ],
  ])('plain HTTP, %s', async (_name, env, warning, line) => {
    const { code, stdout, stderr } = await serve(env);
    expect(code).toBe(null);
    expect(stdout).toMatch(line);
    expect(stderr).toMatch(warning);
  });
});
