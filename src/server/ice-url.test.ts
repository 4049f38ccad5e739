import { describe, expect, it } from 'vitest';
import { isIceUrl, type IceUrlKind } from './ice-url.ts';

describe('ICE server URLs', () => {
  it.each<[string, IceUrlKind, boolean]>([
    ['stun:stun.example.org', 'stun', true],
    ['stun:stun.example.org:3478', 'stun', true],
    ['stuns:stun.example.org:5349', 'stun', true],
    ['stun:203.0.113.7:3478', 'stun', true],
    ['stun:[2001:db8::7]:3478', 'stun', true],
    ['turn:turn.example.org', 'turn', true],
    ['turn:turn.example.org:3478?transport=udp', 'turn', true],
    ['turn:turn.example.org:3478?transport=tcp', 'turn', true],
    ['turns:turn.example.org:5349?transport=tcp', 'turn', true],
    ['turns:turn.example.org:443', 'turn', true],
    ['turn:[2001:db8::7]:3478', 'turn', true],
    ['TURN:turn.example.org', 'turn', false],
    ['turn:turn.example.org', 'stun', false],
    ['stun:stun.example.org', 'turn', false],
    ['stun:stun.example.org?transport=udp', 'stun', false],
    ['turn:turn.example.org?transport=sctp', 'turn', false],
    ['turn:turn.example.org:3478?transport=udp&x=1', 'turn', false],
    ['stun://stun.example.org', 'stun', false],
    ['stun:stun.example.org/path', 'stun', false],
    ['stun:stun.example.org:0', 'stun', false],
    ['stun:stun.example.org:65536', 'stun', false],
    ['stun:stun.example.org:', 'stun', false],
    ['stun:', 'stun', false],
    ['stun:user@stun.example.org', 'stun', false],
    ['stun:-bad.example.org', 'stun', false],
    ['stun:stun..example.org', 'stun', false],
    ['stun:stun example.org', 'stun', false],
    ['stun:999.1.1.1', 'stun', false],
    ['stun:[not-an-address]:3478', 'stun', false],
    ['stun:2001:db8::7', 'stun', false],
    ['https://turn.example.org', 'turn', false],
    [`stun:${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, 'stun', true],
    [`stun:${'a.'.repeat(200)}org`, 'stun', false],
    ['', 'stun', false],
  ])('%s as %s: %s', (url, kind, valid) => {
    expect(isIceUrl(url, kind)).toBe(valid);
  });
});
