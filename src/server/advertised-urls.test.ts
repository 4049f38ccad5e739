import { describe, expect, it } from 'vitest';
import { advertisedUrls, type Listening } from './advertised-urls.ts';

describe('advertised URLs', () => {
  it.each<[string, string | null, Listening, string, string]>([
    [
      'npm start',
      null,
      { host: 'localhost', port: 8787, tls: false },
      'http://localhost:8787/',
      'ws://localhost:8787/mqtt',
    ],
    [
      'the tests',
      null,
      { host: '127.0.0.1', port: 40123, tls: false },
      'http://127.0.0.1:40123/',
      'ws://127.0.0.1:40123/mqtt',
    ],
    [
      'every interface: shown as localhost',
      null,
      { host: '0.0.0.0', port: 8787, tls: false },
      'http://localhost:8787/',
      'ws://localhost:8787/mqtt',
    ],
    [
      'every IPv6 interface',
      null,
      { host: '::', port: 8787, tls: false },
      'http://localhost:8787/',
      'ws://localhost:8787/mqtt',
    ],
    [
      'IPv6 loopback',
      null,
      { host: '::1', port: 8787, tls: false },
      'http://[::1]:8787/',
      'ws://[::1]:8787/mqtt',
    ],
    [
      'TLS',
      null,
      { host: 'help.example.org', port: 8443, tls: true },
      'https://help.example.org:8443/',
      'wss://help.example.org:8443/mqtt',
    ],
    [
      'an https public URL',
      'https://help.example.org/',
      { host: '127.0.0.1', port: 8787, tls: false },
      'https://help.example.org/',
      'wss://help.example.org/mqtt',
    ],
    [
      'an http public URL',
      'http://192.0.2.7:8080/',
      { host: '0.0.0.0', port: 8787, tls: false },
      'http://192.0.2.7:8080/',
      'ws://192.0.2.7:8080/mqtt',
    ],
    [
      'a public URL with a port, TLS here',
      'https://help.example.org:8443/',
      { host: '::', port: 8443, tls: true },
      'https://help.example.org:8443/',
      'wss://help.example.org:8443/mqtt',
    ],
  ])('%s', (_name, publicUrl, listening, url, brokerUrl) => {
    expect(advertisedUrls(publicUrl, listening)).toEqual({ url, brokerUrl });
  });
});
