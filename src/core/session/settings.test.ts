import { describe, expect, it } from 'vitest';
import { defaultSettings, onlyWorksHere, parseIceServers, parseSettings } from './settings.ts';

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
      { helperUrl: 'https://h.example/', brokerUrl: 'wss://b.example/mqtt' },
      { ...defaults, helperUrl: 'https://h.example/', brokerUrl: 'wss://b.example/mqtt' },
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
