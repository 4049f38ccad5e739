import { describe, expect, it } from 'vitest';
import { plainHttpWarnings } from './plain-http-warning.ts';
import type { PublicConfig } from './public-config.ts';

const TLS = { certPath: 'cert.pem', keyPath: 'key.pem' };
type Case = Pick<PublicConfig, 'host' | 'publicUrl' | 'tls'>;

describe('plain HTTP warnings', () => {
  it.each<[string, Case, RegExp | null]>([
    ['npm start', { host: 'localhost', publicUrl: null, tls: null }, null],
    ['loopback by address', { host: '127.0.0.1', publicUrl: null, tls: null }, null],
    ['loopback over IPv6', { host: '::1', publicUrl: null, tls: null }, null],
    [
      'behind a TLS proxy on this machine',
      { host: '127.0.0.1', publicUrl: 'https://help.example.org/', tls: null },
      null,
    ],
    ['a loopback public URL', { host: 'localhost', publicUrl: 'http://localhost:8787/', tls: null }, null],
    ['TLS', { host: '0.0.0.0', publicUrl: null, tls: TLS }, null],
    ['TLS with a public URL', { host: '::', publicUrl: 'https://help.example.org/', tls: TLS }, null],
    [
      'every interface, plain',
      { host: '0.0.0.0', publicUrl: null, tls: null },
      /^Helpers on other machines will open http:\/\/0\.0\.0\.0:8787\/ over plain HTTP.*WebCrypto/,
    ],
    [
      'every IPv6 interface, plain',
      { host: '::', publicUrl: null, tls: null },
      /will open http:\/\/\[::\]:8787\/ over plain HTTP/,
    ],
    [
      'a LAN address, plain',
      { host: '192.168.1.20', publicUrl: null, tls: null },
      /will open http:\/\/192\.168\.1\.20:8787\//,
    ],
    [
      'a plain public URL',
      { host: '127.0.0.1', publicUrl: 'http://help.example.org/', tls: null },
      /will open http:\/\/help\.example\.org\/ over plain HTTP/,
    ],
    [
      'a plain public URL, every interface',
      { host: '0.0.0.0', publicUrl: 'http://help.example.org/', tls: null },
      /will open http:\/\/help\.example\.org\//,
    ],
    [
      'a TLS proxy, but listening everywhere',
      { host: '0.0.0.0', publicUrl: 'https://help.example.org/', tls: null },
      /^Serving plain HTTP on 0\.0\.0\.0:8787 for https:\/\/help\.example\.org\/.*HOST=127\.0\.0\.1/,
    ],
    [
      'a loopback public URL, listening everywhere',
      { host: '0.0.0.0', publicUrl: 'http://localhost:8787/', tls: null },
      /^Serving plain HTTP on 0\.0\.0\.0:8787 for/,
    ],
    [
      'TLS, but a plain public URL',
      { host: '0.0.0.0', publicUrl: 'http://help.example.org/', tls: TLS },
      /^PUBLIC_URL is http:\/\/help\.example\.org\/, but this server serves HTTPS/,
    ],
  ])('%s', (_name, config, warning) => {
    const warnings = plainHttpWarnings({ ...config, port: 8787 });
    if (warning === null) expect(warnings).toEqual([]);
    else {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(warning);
    }
  });
});
