import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { IceServers } from '../core/protocol/signal.ts';
import { iceAnswer } from './ice-servers.ts';
import { MAX_ICE_SERVERS, MAX_TURN_URLS, publicConfigFromEnv, type PublicConfig } from './public-config.ts';

const SECRET = 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5';
const DEFAULTS: PublicConfig = {
  host: 'localhost',
  port: 8787,
  publicUrl: null,
  tls: null,
  ice: { stunUrls: [], turn: null },
  trustedProxies: [],
  redisUrl: null,
};

describe('public configuration from the environment', () => {
  it.each<[string, Record<string, string>, Partial<PublicConfig>]>([
    ['nothing set: npm start as it was', {}, {}],
    ['empty values', { HOST: '', PORT: ' ', PUBLIC_URL: '', TLS_CERT: '', TLS_KEY: '', TURN_URLS: '' }, {}],
    ['host and port', { HOST: '0.0.0.0', PORT: '443' }, { host: '0.0.0.0', port: 443 }],
    ['port 0: any free port', { PORT: '0' }, { port: 0 }],
    ['the highest port', { PORT: '65535' }, { port: 65535 }],
    ['a public URL', { PUBLIC_URL: 'https://help.example.org/' }, { publicUrl: 'https://help.example.org/' }],
    [
      'a public URL without its slash',
      { PUBLIC_URL: 'https://help.example.org' },
      { publicUrl: 'https://help.example.org/' },
    ],
    [
      'a public URL with a port',
      { PUBLIC_URL: 'http://192.0.2.7:8787' },
      { publicUrl: 'http://192.0.2.7:8787/' },
    ],
    [
      'a public URL, its default port and capitals dropped',
      { PUBLIC_URL: 'HTTPS://Help.Example.org:443/' },
      { publicUrl: 'https://help.example.org/' },
    ],
    [
      'an IPv6 public URL',
      { PUBLIC_URL: 'https://[2001:db8::7]:8443/' },
      { publicUrl: 'https://[2001:db8::7]:8443/' },
    ],
    [
      'TLS',
      { TLS_CERT: '/etc/lookover/cert.pem', TLS_KEY: '/etc/lookover/key.pem' },
      { tls: { certPath: '/etc/lookover/cert.pem', keyPath: '/etc/lookover/key.pem' } },
    ],
    [
      'STUN only',
      { STUN_URLS: 'stun:stun.example.org:3478, stun:[2001:db8::7]' },
      { ice: { stunUrls: ['stun:stun.example.org:3478', 'stun:[2001:db8::7]'], turn: null } },
    ],
    [
      'STUN and TURN',
      {
        STUN_URLS: 'stun:turn.example.org',
        TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349?transport=tcp',
        TURN_SECRET: ` ${SECRET} `,
      },
      {
        ice: {
          stunUrls: ['stun:turn.example.org'],
          turn: {
            urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'],
            secret: SECRET,
          },
        },
      },
    ],
    [
      'trailing commas',
      { STUN_URLS: 'stun:a.example,,', TURN_URLS: ',turn:b.example', TURN_SECRET: SECRET },
      { ice: { stunUrls: ['stun:a.example'], turn: { urls: ['turn:b.example'], secret: SECRET } } },
    ],
    ['trusted proxies', { TRUSTED_PROXIES: '127.0.0.1, ::1' }, { trustedProxies: ['127.0.0.1', '::1'] }],
    [
      'a cluster through Redis',
      { REDIS_URL: 'redis://10.0.0.5:6379' },
      { redisUrl: 'redis://10.0.0.5:6379' },
    ],
    [
      'Redis over TLS, with a password',
      { REDIS_URL: 'rediss://:pw@redis.example.org:6380/2' },
      { redisUrl: 'rediss://:pw@redis.example.org:6380/2' },
    ],
    [
      'as many STUN servers as the status record carries',
      { STUN_URLS: Array.from({ length: MAX_ICE_SERVERS }, (_, i) => `stun:s${i}.example`).join(',') },
      {
        ice: {
          stunUrls: Array.from({ length: MAX_ICE_SERVERS }, (_, i) => `stun:s${i}.example`),
          turn: null,
        },
      },
    ],
    ['variables it does not read', { LOOKOVER_MAX_CONNECTIONS: '5', TURN_USER: 'x' }, {}],
  ])('reads %s', (_name, env, config) => {
    expect(publicConfigFromEnv(env)).toEqual({ ok: true, value: { ...DEFAULTS, ...config } });
  });

  it.each<[Record<string, string>, string | RegExp]>([
    [{ PORT: 'http' }, 'PORT: "http" is not a port (0 to 65535)'],
    [{ PORT: '65536' }, /PORT: "65536"/],
    [{ REDIS_URL: '10.0.0.5:6379' }, 'REDIS_URL: not a redis:// or rediss:// URL (redis://127.0.0.1:6379)'],
    [{ REDIS_URL: 'http://10.0.0.5:6379' }, /REDIS_URL: not a redis:\/\//],
    [{ REDIS_URL: 'redis://' }, /REDIS_URL: not a redis:\/\//],
    [{ PORT: '-1' }, /PORT: "-1"/],
    [{ PORT: '80.5' }, /PORT: "80.5"/],
    [{ PORT: '0x50' }, /PORT: "0x50"/],
    [
      { PUBLIC_URL: 'help.example.org' },
      'PUBLIC_URL: "help.example.org" is not a URL (https://help.example.org/)',
    ],
    [
      { PUBLIC_URL: 'wss://help.example.org/' },
      'PUBLIC_URL: "wss://help.example.org/" is not an http:// or https:// URL',
    ],
    [
      { PUBLIC_URL: 'https://help.example.org/lookover/' },
      /PUBLIC_URL: .* has a path: Lookover is served at the root/,
    ],
    [{ PUBLIC_URL: 'https://help.example.org/?x=1' }, /has more than a scheme and a host/],
    [{ PUBLIC_URL: 'https://help.example.org/#x' }, /has more than a scheme and a host/],
    [{ PUBLIC_URL: 'https://help.example.org/?' }, /has more than a scheme and a host/],
    [{ PUBLIC_URL: 'https://user:pw@help.example.org/' }, /has more than a scheme and a host/],
    [
      { TLS_CERT: '/etc/lookover/cert.pem' },
      'TLS_CERT is set but TLS_KEY is not: set both (PEM files) for HTTPS, or neither',
    ],
    [
      { TLS_KEY: '/etc/lookover/key.pem' },
      'TLS_KEY is set but TLS_CERT is not: set both (PEM files) for HTTPS, or neither',
    ],
    [{ STUN_URLS: 'stun.example.org' }, 'STUN_URLS: "stun.example.org" is not a STUN URL (stun:host[:port])'],
    [{ STUN_URLS: 'stun:a.example,turn:b.example' }, /STUN_URLS: "turn:b.example" is not a STUN URL/],
    [{ TURN_URLS: 'stun:a.example', TURN_SECRET: SECRET }, /TURN_URLS: "stun:a.example" is not a TURN URL/],
    [
      { TURN_URLS: 'turn:a.example?transport=sctp', TURN_SECRET: SECRET },
      /TURN_URLS: "turn:a.example\?transport=sctp"/,
    ],
    [
      { TURN_URLS: 'turn:turn.example.org' },
      "TURN_URLS is set but TURN_SECRET is not: set it to coturn's static-auth-secret",
    ],
    [{ TURN_SECRET: SECRET }, /TURN_SECRET is set but TURN_URLS is not/],
    [{ TURN_URLS: 'turn:a.example', TURN_SECRET: 'short' }, /TURN_SECRET: at least 16 printable characters/],
    [{ TURN_URLS: 'turn:a.example', TURN_SECRET: 'sixteen chars with spaces' }, /TURN_SECRET: at least 16/],
    [{ TURN_URLS: 'turn:a.example', TURN_SECRET: `${SECRET}é` }, /TURN_SECRET: at least 16/],
    [
      {
        TURN_URLS: Array.from({ length: MAX_TURN_URLS + 1 }, (_, i) => `turn:t${i}.example`).join(','),
        TURN_SECRET: SECRET,
      },
      'TURN_URLS: at most 8 URLs',
    ],
    [
      { STUN_URLS: Array.from({ length: MAX_ICE_SERVERS + 1 }, (_, i) => `stun:s${i}.example`).join(',') },
      'STUN_URLS: at most 8 URLs',
    ],
    [
      {
        STUN_URLS: Array.from({ length: MAX_ICE_SERVERS }, (_, i) => `stun:s${i}.example`).join(','),
        TURN_URLS: 'turn:a.example',
        TURN_SECRET: SECRET,
      },
      'STUN_URLS: at most 7 URLs beside TURN_URLS',
    ],
    [{ TRUSTED_PROXIES: '127.0.0.1,localhost' }, 'TRUSTED_PROXIES: "localhost" is not an IP address'],
    [{ TRUSTED_PROXIES: '10.0.0.0/8' }, /TRUSTED_PROXIES: "10.0.0.0\/8"/],
  ])('refuses %o', (env, message) => {
    const result = publicConfigFromEnv(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('allows no more ICE servers than the status record carries', () => {
    const most = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}:${'h'.repeat(60)}${i}.example.org:3478`).join(',');
    const config = publicConfigFromEnv({
      STUN_URLS: most('stun', MAX_ICE_SERVERS - 1),
      TURN_URLS: most('turns', MAX_TURN_URLS),
      TURN_SECRET: SECRET,
    });
    if (!config.ok) throw new Error(config.error);
    expect(v.is(IceServers, iceAnswer(config.value.ice).iceServers)).toBe(true);
  });
});
