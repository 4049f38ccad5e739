import { describe, expect, it } from 'vitest';
import { connectRefusal } from './connect-rules.ts';

const LOOKOVER = { clean: true, keepalive: 30, clientId: 'lookover_0123456789abcdefghijkl' };

describe('CONNECT rules', () => {
  it.each([
    ["Lookover's client", LOOKOVER],
    ["mqtt.js's defaults", { clean: true, keepalive: 60, clientId: 'mqttjs_0123abcd' }],
    ['an empty client id (the server picks one)', { ...LOOKOVER, clientId: '' }],
    ['the shortest keepalive', { ...LOOKOVER, keepalive: 1 }],
    ['the longest keepalive', { ...LOOKOVER, keepalive: 300 }],
    ['a 64-character id', { ...LOOKOVER, clientId: 'x'.repeat(64) }],
  ])('takes %s', (_name, packet) => {
    expect(connectRefusal(packet)).toBeNull();
  });

  it.each([
    ['a persistent session', { ...LOOKOVER, clean: false }, /clean session/],
    ['no clean flag at all', { keepalive: 30, clientId: 'x' }, /clean session/],
    ['keepalive 0', { ...LOOKOVER, keepalive: 0 }, 'keepalive must be 1 to 300 s, not 0'],
    ['no keepalive', { clean: true, clientId: 'x' }, /keepalive must be/],
    ['keepalive 301', { ...LOOKOVER, keepalive: 301 }, 'keepalive must be 1 to 300 s, not 301'],
    ['keepalive 65535', { ...LOOKOVER, keepalive: 65535 }, /not 65535/],
    ['a 65-character id', { ...LOOKOVER, clientId: 'x'.repeat(65) }, /longer than 64/],
    ['a will', { ...LOOKOVER, will: { topic: 't', payload: Buffer.from('x'), retain: true } }, /wills/],
  ])('refuses %s', (_name, packet, reason) => {
    expect(connectRefusal(packet)).toMatch(reason);
  });
});
