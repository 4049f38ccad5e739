import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const PROXY = ['127.0.0.1', '::1'];

describe('client address', () => {
  it.each<[string, string | undefined, string | string[] | undefined, readonly string[], string]>([
    ['no proxy trusted: the socket', '203.0.113.9', '198.51.100.1', [], '203.0.113.9'],
    ['not from the proxy: its header is ignored', '203.0.113.9', '198.51.100.1', PROXY, '203.0.113.9'],
    ['from the proxy: the forwarded address', '127.0.0.1', '198.51.100.1', PROXY, '198.51.100.1'],
    ['from the proxy over IPv6', '::1', '2001:db8::1', PROXY, '2001:db8::1'],
    ['from the proxy, mapped to IPv6', '::ffff:127.0.0.1', '198.51.100.1', PROXY, '198.51.100.1'],
    ['a forwarded mapped address', '127.0.0.1', '::ffff:198.51.100.1', PROXY, '198.51.100.1'],
    ['the last of a chain: what the proxy saw', '127.0.0.1', '10.0.0.1, 198.51.100.1', PROXY, '198.51.100.1'],
    ['the last of repeated headers', '127.0.0.1', ['10.0.0.1', '198.51.100.2'], PROXY, '198.51.100.2'],
    ['from the proxy, no header: the proxy', '127.0.0.1', undefined, PROXY, '127.0.0.1'],
    ['from the proxy, garbage: the proxy', '127.0.0.1', 'not an address', PROXY, '127.0.0.1'],
    ['from the proxy, an empty last entry', '127.0.0.1', '198.51.100.1,', PROXY, '127.0.0.1'],
    ['from the proxy, a port attached', '127.0.0.1', '198.51.100.1:4444', PROXY, '127.0.0.1'],
    ['no socket address', undefined, '198.51.100.1', PROXY, 'unknown'],
  ])('%s', (_name, socket, header, trusted, address) => {
    expect(clientAddress(socket, header, trusted)).toBe(address);
  });
});
