import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.ts';
import { isOriginAllowed } from './origin.ts';

const HOST = 'help.example.org:8787';

describe('origin allowlist', () => {
  it.each([
    ['no Origin (not a browser)', undefined, HOST, true],
    ['the helper page served here', 'http://help.example.org:8787', HOST, true],
    [
      'the helper page, through a TLS proxy that keeps Host',
      'https://help.example.org',
      'help.example.org',
      true,
    ],
    ['the host in capitals', 'http://help.example.org:8787', 'HELP.example.org:8787', true],
    ['the extension', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', HOST, true],
    ['another page', 'https://evil.example', HOST, false],
    ['the same host on another port', 'http://help.example.org:9999', HOST, false],
    ['a page whose host merely starts the same', 'http://help.example.org:87870', HOST, false],
    ['a sandboxed page or file', 'null', HOST, false],
    ['a request without Host', 'http://help.example.org:8787', undefined, false],
    ['an empty extension origin', 'chrome-extension://', HOST, false],
    ['garbage', 'not an origin', HOST, false],
  ])('by default, %s: %s', (_name, origin, host, allowed) => {
    expect(isOriginAllowed(origin, host, DEFAULT_LIMITS.allowedOrigins)).toBe(allowed);
  });

  it.each([
    [['https://help.example.org'], 'https://help.example.org', true],
    [['https://help.example.org'], 'https://help.example.org.evil.example', false],
    [['https://help.example.org'], 'chrome-extension://abcdefghijklmnop', false],
    [['chrome-extension://abcdefghijklmnop'], 'chrome-extension://abcdefghijklmnop', true],
    [['chrome-extension://abcdefghijklmnop'], 'chrome-extension://ponmlkjihgfedcba', false],
    [['*'], 'https://evil.example', true],
    [['*'], 'null', true],
    [[], 'http://help.example.org:8787', false],
    [[], undefined, true],
  ])('with %o, %s: %s', (allowed, origin, verdict) => {
    expect(isOriginAllowed(origin, HOST, allowed)).toBe(verdict);
  });
});
