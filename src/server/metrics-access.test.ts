import { describe, expect, it } from 'vitest';
import { isLocalRequest, parseMetricsAccess } from './metrics-access.ts';

const PROXY = ['127.0.0.1', '::1'];

describe('metrics access', () => {
  it.each<[string, string | undefined, string | undefined, readonly string[], boolean]>([
    ['loopback, no proxy', '127.0.0.1', undefined, [], true],
    ['loopback over IPv6', '::1', undefined, [], true],
    ['loopback, mapped to IPv6', '::ffff:127.0.0.1', undefined, [], true],
    ['another loopback address', '127.0.0.2', undefined, [], true],
    ['another machine', '192.0.2.7', undefined, [], false],
    ['another machine through the trusted proxy', '127.0.0.1', '198.51.100.1', PROXY, false],
    ['this machine through the trusted proxy', '127.0.0.1', '127.0.0.1', PROXY, true],
    ['relayed by a proxy nobody trusted', '127.0.0.1', '198.51.100.1', [], false],
    ['another machine writing its own header', '192.0.2.7', '127.0.0.1', PROXY, false],
  ])('%s: %s', (_name, socket, forwarded, proxies, local) => {
    expect(isLocalRequest(socket, forwarded, proxies)).toBe(local);
  });

  it.each([
    [undefined, { ok: true, value: 'local' }],
    ['', { ok: true, value: 'local' }],
    ['ON', { ok: true, value: 'on' }],
    ['off', { ok: true, value: 'off' }],
    ['public', { ok: false, error: 'METRICS: "public" is not one of on, off, local' }],
  ])('parses METRICS=%j', (raw, expected) => {
    expect(parseMetricsAccess(raw)).toEqual(expected);
  });
});
