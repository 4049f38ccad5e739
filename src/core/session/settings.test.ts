import { describe, expect, it } from 'vitest';
import { english } from '../../../test/support/english.ts';
import {
  defaultSettings,
  onlyWorksHere,
  parseIceServers,
  parseSettings,
  validateSettingsForm,
} from './settings.ts';

const defaults = defaultSettings('http://localhost:8787');

describe('settings', () => {
  it.each([
    ['http://localhost:8787', 'http://localhost:8787/', 'ws://localhost:8787/mqtt'],
    ['https://help.example.org/', 'https://help.example.org/', 'wss://help.example.org/mqtt'],
  ])('derives defaults from %s', (server, helperUrl, brokerUrl) => {
    expect(defaultSettings(server)).toMatchObject({
      helperUrl,
      brokerUrl,
      iceServers: [],
      iceTransportPolicy: 'all',
    });
  });

  it.each([
    ['nothing stored', undefined, defaults],
    [
      'a valid custom server',
      { server: 'https://h.example', helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
      {
        ...defaults,
        server: 'https://h.example',
        helperUrl: 'https://h.example/',
        brokerUrl: 'wss://h.example/mqtt',
      },
    ],
    [
      'URLs saved before settings named a server, one server serving both',
      { helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
      {
        ...defaults,
        server: 'https://h.example',
        helperUrl: 'https://h.example/',
        brokerUrl: 'wss://h.example/mqtt',
      },
    ],
    [
      'URLs saved before settings named a server, no one server serving both',
      { helperUrl: 'https://h.example/help/', brokerUrl: 'wss://b.example:9001' },
      { ...defaults, server: '', helperUrl: 'https://h.example/help/', brokerUrl: 'wss://b.example:9001' },
    ],
    [
      'no server, both URLs set apart',
      { server: '', helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
      { ...defaults, server: '', helperUrl: 'https://h.example/', brokerUrl: 'wss://h.example/mqtt' },
    ],
    [
      'a server that is not one',
      { server: 'ftp://h.example', helperUrl: 'https://h.example/', brokerUrl: 'wss://b.example/mqtt' },
      {
        ...defaults,
        server: 'https://h.example',
        helperUrl: 'https://h.example/',
        brokerUrl: 'wss://b.example/mqtt',
      },
    ],
    ['a broker that is not a WebSocket', { brokerUrl: 'mqtt://b.example' }, defaults],
    ['a javascript: helper URL', { helperUrl: 'javascript:alert(1)' }, defaults],
    ['relay forced', { iceTransportPolicy: 'relay' }, { ...defaults, iceTransportPolicy: 'relay' }],
    ['garbage ICE servers', { iceServers: 'nope' }, defaults],
    ['a name', { sharerName: '  Sam  ' }, { ...defaults, sharerName: 'Sam' }],
    ['a long name', { sharerName: 'x'.repeat(100) }, { ...defaults, sharerName: 'x'.repeat(64) }],
    ['a helper cap', { maxHelpers: 5 }, { ...defaults, maxHelpers: 5 }],
    ['a helper cap out of range', { maxHelpers: 0 }, defaults],
    ['a fractional helper cap', { maxHelpers: 2.5 }, defaults],
    ['a helper cap saved under its old name', { maxViewers: 4 }, { ...defaults, maxHelpers: 4 }],
  ])('reads %s', (_name, raw, expected) => {
    expect(parseSettings(raw, defaults)).toEqual(expected);
  });

  it.each([
    ['', true],
    ['[{"urls":"stun:stun.l.google.com:19302"}]', true],
    ['[{"urls":["turn:127.0.0.1:3478"],"username":"u","credential":"p"}]', true],
    ['[{"urls":"http://x"}]', false],
    ['{"urls":"stun:x"}', false],
    ['not json', false],
  ])('ICE servers %j valid: %s', (text, valid) => {
    expect(parseIceServers(text).ok).toBe(valid);
  });
});

describe('a helper page only this machine can use', () => {
  it.each([
    ['http://localhost:8787/', false],
    ['http://127.0.0.1:8787/', false],
    ['http://[::1]:8787/', false],
    ['https://help.example.org/', false],
    ['http://help.example.org/', true],
    ['http://203.0.113.1:8787/', true],
    ['not a url', false],
  ])('%s: %s', (url, expected) => {
    expect(onlyWorksHere(url)).toBe(expected);
  });
});

describe('the options form as typed', () => {
  const form = {
    server: 'https://h.example',
    helperUrl: '',
    brokerUrl: '',
    iceServers: '',
    maxHelpers: '3',
    endIdleAfterMinutes: '30',
  };
  it.each([
    ['the server alone', {}, {}],
    ['the server and a broker set apart', { brokerUrl: 'ws://127.0.0.1:9001' }, {}],
    [
      'no server, both set apart',
      { server: '', helperUrl: 'https://s.example/', brokerUrl: 'wss://b.example' },
      {},
    ],
    [
      'no server',
      { server: '' },
      { server: "Give your Lookover server's address, e.g. https://lookover.example.com" },
    ],
    [
      'no server, only the page set apart',
      { server: '', helperUrl: 'https://s.example/' },
      { server: expect.stringContaining('Give your') },
    ],
    ['a bare host name', { server: 'h.example' }, { server: expect.stringContaining('Start with https://') }],
    [
      'a broker address',
      { server: 'wss://h.example/mqtt' },
      { server: expect.stringContaining("That is a broker's address") },
    ],
    [
      'a path',
      { server: 'https://h.example/help' },
      { server: expect.stringContaining('leave out the path') },
    ],
    [
      'a query',
      { server: 'https://h.example/?a=b' },
      { server: expect.stringContaining('Only the scheme, host and port') },
    ],
    [
      'another scheme',
      { server: 'ftp://h.example' },
      { server: expect.stringContaining('must be https://') },
    ],
    ['garbage', { server: '%%%' }, { server: expect.stringContaining('Not an address') }],
    [
      'a server that is not one, even with both set apart',
      { server: 'ftp://h', helperUrl: 'https://s.example/', brokerUrl: 'wss://b.example' },
      { server: expect.any(String) },
    ],
    [
      'a page that is not http',
      { helperUrl: 'ftp://s.example/' },
      { helperUrl: expect.stringContaining('http://') },
    ],
    [
      'a broker that is not a WebSocket',
      { brokerUrl: 'mqtt://b.example' },
      { brokerUrl: expect.stringContaining('ws://') },
    ],
    ['a helper cap out of range', { maxHelpers: '11' }, { maxHelpers: expect.stringContaining('1 to 10') }],
    ['never ending a share no one watches', { endIdleAfterMinutes: '0' }, {}],
    ...['', '-1', '1.5', '1441', 'soon'].map((minutes): [string, object, object] => [
      `idle minutes of "${minutes}"`,
      { endIdleAfterMinutes: minutes },
      { endIdleAfterMinutes: expect.stringContaining('0 (never) to 1440') },
    ]),
  ])('%s', (_name, patch, errors) => {
    const said = Object.entries(validateSettingsForm({ ...form, ...patch })).map(([k, v]) => [k, english(v)]);
    expect(Object.fromEntries(said)).toEqual(errors);
  });
});
