import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LookoverServer } from '../../src/server/server.ts';
import { turnCredential } from '../../src/server/turn-credential.ts';
import { httpGet } from '../support/http-get.ts';
import { turnClient } from '../support/turn-client.ts';

// deploy/turnserver.conf in Debian's coturn, with only what ties it to a real host moved to
// loopback (ports, addresses, TLS files, the log): the relay takes the credentials GET /ice makes
// from the same secret, and refuses the rest.

const TURN_BIN = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
const CONF = new URL('../../deploy/turnserver.conf', import.meta.url);
const SECRET = 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5';

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** The deploy file with each of `changes` (a setting's name, and its line or `null` to drop it) applied. */
function onLoopback(conf: string, changes: Record<string, string | null>, added: string[]) {
  const seen = new Set<string>();
  const lines = conf.split('\n').flatMap((line) => {
    const name = /^([a-z0-9-]+)/.exec(line)?.[1];
    if (name === undefined || !(name in changes)) return [line];
    seen.add(name);
    const replacement = changes[name];
    return replacement === null || replacement === undefined ? [] : [replacement];
  });
  const missing = Object.keys(changes).filter((name) => !seen.has(name));
  if (missing.length) throw new Error(`deploy/turnserver.conf has no ${missing.join(', ')}`);
  return [...lines, ...added].join('\n');
}

const present = existsSync(TURN_BIN);
let dir: string;
let coturn: ChildProcess;
let turnPort: number;
let output = '';
let server: LookoverServer;

beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'lookover-coturn-'));
  turnPort = await freeUdpPort();
  const relayBase = 40_000 + Math.floor(Math.random() * 10_000);
  const conf = onLoopback(
    readFileSync(CONF, 'utf8'),
    {
      'listening-port': `listening-port=${turnPort}`,
      'tls-listening-port': null,
      'min-port': `min-port=${relayBase}`,
      'max-port': `max-port=${relayBase + 50}`,
      'static-auth-secret': `static-auth-secret=${SECRET}`,
      realm: 'realm=lookover.test',
      cert: null,
      pkey: null,
      syslog: null,
    },
    [
      'listening-ip=127.0.0.1',
      'listening-ip=::1',
      'relay-ip=127.0.0.1',
      'relay-ip=::1',
      'no-tls',
      'no-dtls',
      'no-tcp',
      `userdb=${join(dir, 'turndb')}`,
      `pidfile=${join(dir, 'turnserver.pid')}`,
      'log-file=stdout',
    ],
  );
  writeFileSync(join(dir, 'turnserver.conf'), conf);
  coturn = spawn(TURN_BIN, ['-c', join(dir, 'turnserver.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start:\n${output}`)), 10_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Total General servers/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    coturn.stdout!.on('data', read);
    coturn.stderr!.on('data', read);
    coturn.once('exit', (code) => reject(new Error(`coturn exited (${code}):\n${output}`)));
  });
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    ice: { stunUrls: [], turn: { urls: [`turn:127.0.0.1:${turnPort}?transport=udp`], secret: SECRET } },
  });
});

afterAll(async () => {
  if (!present) return;
  if (coturn?.exitCode === null) {
    const exited = new Promise((resolve) => coturn.once('exit', resolve));
    coturn.kill('SIGKILL');
    await exited;
  }
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function allocateWith(username: string, password: string) {
  const client = await turnClient(turnPort);
  try {
    return await client.allocate(username, password);
  } finally {
    client.close();
  }
}

describe.skipIf(!present)('coturn with deploy/turnserver.conf', () => {
  it('reads the whole file', () => {
    expect(output).not.toMatch(/bad configuration|unknown option|cannot find/i);
  });

  it('allocates a relay with the credential GET /ice hands out', async () => {
    const answer = await httpGet(new URL('/ice', server.url).toString());
    const { iceServers } = JSON.parse(answer.body) as {
      iceServers: { username: string; credential: string }[];
    };
    const [turn] = iceServers;
    expect(await allocateWith(turn!.username, turn!.credential)).toBe('allocated');
  });

  it.each([
    ['made with another secret', () => turnCredential('another-secret-0123456789')],
    ['expired', () => turnCredential(SECRET, Date.now() - 7 * 3600_000)],
    [
      'with its username changed',
      () => ({ ...turnCredential(SECRET), username: `${Math.floor(Date.now() / 1000) + 9 * 3600}:x` }),
    ],
  ])('refuses a credential %s', async (_name, make) => {
    const { username, credential } = make();
    expect(await allocateWith(username, credential)).toBe(401);
  });

  /** Whether an allocation on loopback may reach `peer`: only asked, nothing is ever sent there. */
  async function permission(peer: string) {
    const client = await turnClient(turnPort, isIPv6(peer) ? '::1' : '127.0.0.1');
    try {
      const credential = turnCredential(SECRET);
      expect(await client.allocate(credential.username, credential.credential)).toBe('allocated');
      return await client.permit(peer);
    } finally {
      client.close();
    }
  }

  it.each(['203.0.113.5', '2001:db8::5'])('lets a relay reach a public address such as %s', async (peer) => {
    expect(await permission(peer)).toBe('permitted');
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.1.2.3',
    '::1',
    'fd12::1',
    'fe80::1',
    '64:ff9b::a01:203',
  ])('refuses to relay to %s', async (peer) => {
    expect(await permission(peer)).toBe(403);
  });
});
