import { describe, expect, it } from 'vitest';
import { choiceOf, parseServerAddress, serverOf, serverUrls, urlsOf } from './lookover-server.ts';

describe('a Lookover server address', () => {
  it.each([
    ['https://lookover.example.com', 'https://lookover.example.com'],
    ['https://lookover.example.com/', 'https://lookover.example.com'],
    ['  https://Lookover.Example.com  ', 'https://lookover.example.com'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['https://lookover.example.com:443/', 'https://lookover.example.com'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
    ['http://127.0.0.1:40123/', 'http://127.0.0.1:40123'],
  ])('%j is the server %s', (text, origin) => {
    expect(parseServerAddress(text)).toEqual({ ok: true, value: origin });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['lookover.example.com', 'no-scheme'],
    ['localhost:8787', 'no-scheme'],
    ['lookover.example.com:8787', 'no-scheme'],
    ['lookover.example.com/help', 'no-scheme'],
    ['https://', 'not-url'],
    ['not an address', 'not-url'],
    ['wss://lookover.example.com/mqtt', 'broker-scheme'],
    ['ws://localhost:8787', 'broker-scheme'],
    ['ftp://lookover.example.com', 'other-scheme'],
    ['javascript:alert(1)', 'other-scheme'],
    ['https://user:pw@lookover.example.com', 'extra'],
    ['https://lookover.example.com/?x=1', 'extra'],
    ['https://lookover.example.com/#x', 'extra'],
    ['https://lookover.example.com/?', 'extra'],
    ['https://lookover.example.com/help/', 'path'],
  ])('%j is refused: %s', (text, error) => {
    expect(parseServerAddress(text)).toEqual({ ok: false, error });
  });
});

describe("a server's URLs and back", () => {
  it.each([
    ['https://lookover.example.com', 'https://lookover.example.com/', 'wss://lookover.example.com/mqtt'],
    ['http://localhost:8787', 'http://localhost:8787/', 'ws://localhost:8787/mqtt'],
    [
      'https://lookover.example.com:8443',
      'https://lookover.example.com:8443/',
      'wss://lookover.example.com:8443/mqtt',
    ],
    ['http://[::1]:8787', 'http://[::1]:8787/', 'ws://[::1]:8787/mqtt'],
  ])('%s serves %s and %s, and they name it', (server, helperUrl, brokerUrl) => {
    expect(serverUrls(server)).toEqual({ helperUrl, brokerUrl });
    expect(serverOf(helperUrl, brokerUrl)).toBe(server);
    expect(choiceOf({ server, helperUrl, brokerUrl })).toEqual({ server, helperUrl: '', brokerUrl: '' });
  });

  it.each([
    [
      'the page at the root names the server, the broker elsewhere',
      'https://h.example/',
      'ws://127.0.0.1:9001',
      'https://h.example',
    ],
    [
      'the page without its slash',
      'http://localhost:8787',
      'ws://localhost:8787/mqtt',
      'http://localhost:8787',
    ],
    [
      "the page elsewhere, the broker a server's",
      'https://static.example/help/',
      'wss://b.example/mqtt',
      'https://b.example',
    ],
    [
      'a ws:// broker names an http server',
      'https://static.example/help/',
      'ws://b.example:8787/mqtt',
      'http://b.example:8787',
    ],
    ['neither', 'https://static.example/help/', 'wss://b.example:9001', ''],
    ['a broker at another path', 'https://static.example/help/', 'wss://b.example/ws', ''],
    ['a broker URL with a query', 'https://static.example/help/', 'wss://b.example/mqtt?x', ''],
    ['garbage', 'nope', 'nope', ''],
  ])('%s', (_name, helperUrl, brokerUrl, server) => {
    expect(serverOf(helperUrl, brokerUrl)).toBe(server);
  });

  it.each([
    [
      "the server's own, written differently",
      { server: 'https://h.example', helperUrl: 'https://h.example', brokerUrl: 'wss://h.example:443/mqtt' },
      { server: 'https://h.example', helperUrl: '', brokerUrl: '' },
    ],
    [
      'the broker set apart',
      { server: 'https://h.example', helperUrl: 'https://h.example/', brokerUrl: 'ws://127.0.0.1:9001' },
      { server: 'https://h.example', helperUrl: '', brokerUrl: 'ws://127.0.0.1:9001' },
    ],
    [
      'the page set apart',
      {
        server: 'https://h.example',
        helperUrl: 'https://static.example/',
        brokerUrl: 'wss://h.example/mqtt',
      },
      { server: 'https://h.example', helperUrl: 'https://static.example/', brokerUrl: '' },
    ],
    [
      'no server',
      { server: '', helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
      { server: '', helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
    ],
  ])('the options page shows %s', (_name, settings, choice) => {
    expect(choiceOf(settings)).toEqual(choice);
  });

  it.each([
    [
      'the server alone',
      { server: 'https://h.example/', helperUrl: '', brokerUrl: '' },
      { helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
    ],
    [
      'a broker set apart',
      { server: 'http://localhost:8787', helperUrl: '', brokerUrl: ' ws://127.0.0.1:9001 ' },
      { helperUrl: 'http://localhost:8787/', brokerUrl: 'ws://127.0.0.1:9001' },
    ],
    [
      'a page set apart',
      { server: 'http://localhost:8787', helperUrl: 'https://static.example/help/', brokerUrl: '' },
      { helperUrl: 'https://static.example/help/', brokerUrl: 'ws://localhost:8787/mqtt' },
    ],
    [
      'both set apart, no server',
      { server: '', helperUrl: 'https://static.example/', brokerUrl: 'wss://b.example' },
      { helperUrl: 'https://static.example/', brokerUrl: 'wss://b.example' },
    ],
    ['a gap and no server', { server: '', helperUrl: 'https://static.example/', brokerUrl: '' }, null],
    [
      'a gap and a server that is not one',
      { server: 'h.example', helperUrl: '', brokerUrl: 'wss://b.example' },
      null,
    ],
  ])('a share uses %s', (_name, choice, urls) => {
    expect(urlsOf(choice)).toEqual(urls);
  });
});
