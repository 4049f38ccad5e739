import { describe, expect, it } from 'vitest';
import { createSessionLink, formatLink, parseLink } from './link.ts';

const COMMITMENT = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('helper link', () => {
  it('round-trips through the fragment only', () => {
    const link = createSessionLink('ws://localhost:8787/mqtt', COMMITMENT);
    const href = formatLink('http://localhost:8787/', link);
    const url = new URL(href);
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(href).not.toContain(link.sessionId + '/');
    const parsed = parseLink(href);
    expect(parsed).toEqual({ ok: true, value: link });
  });

  it("says whether the helper must wait for the sharer's ICE servers", () => {
    const link = createSessionLink('ws://x/mqtt', COMMITMENT, true);
    expect(formatLink('http://h/', link)).toContain('&i=1&');
    expect(parseLink(formatLink('http://h/', link))).toEqual({ ok: true, value: link });
  });

  it('ends with the key, so a link cut short loses key bytes and is refused', () => {
    expect(new URL(formatLink('http://h/', createSessionLink('ws://x/mqtt', COMMITMENT))).hash).toMatch(
      /&k=[^&]+$/,
    );
  });

  it('makes a fresh 128-bit session id and 256-bit key every time', () => {
    const a = createSessionLink('ws://x/mqtt', COMMITMENT);
    const b = createSessionLink('ws://x/mqtt', COMMITMENT);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.key).not.toEqual(b.key);
    expect(a.key.length).toBe(32);
    expect(a.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  const good = formatLink('http://h/', createSessionLink('wss://broker.example/mqtt', COMMITMENT));
  const fragment = new URL(good).hash.slice(1);
  const params = Object.fromEntries(new URLSearchParams(fragment));
  const withParam = (name: string, value: string | null) => {
    const p = new URLSearchParams(fragment);
    if (value === null) p.delete(name);
    else p.set(name, value);
    return `http://h/#${p.toString()}`;
  };

  it.each([
    ['no fragment', 'http://h/', 'missing'],
    ['empty fragment', 'http://h/#', 'missing'],
    ['garbage', 'http://h/#hello', 'malformed'],
    ['truncated', good.slice(0, good.length - 20), 'malformed'],
    ['future version', withParam('v', '4'), 'unsupported-version'],
    ['older version (no key commitment)', withParam('v', '2'), 'unsupported-version'],
    ['older version (the sharer offered)', withParam('v', '1'), 'unsupported-version'],
    ['missing key commitment', withParam('c', null), 'malformed'],
    ['short key commitment', withParam('c', 'AAAA'), 'malformed'],
    ['short session id', withParam('s', 'abc'), 'malformed'],
    ['session id not base64url', withParam('s', `${params.s!.slice(0, 21)}!`), 'malformed'],
    ['short key', withParam('k', params.k!.slice(0, 20)), 'malformed'],
    ['missing key', withParam('k', null), 'malformed'],
    ['http broker', withParam('b', 'http://broker/mqtt'), 'malformed'],
    ['javascript broker', withParam('b', 'javascript:alert(1)'), 'malformed'],
    ['missing broker', withParam('b', null), 'malformed'],
  ])('rejects %s', (_name, href, error) => {
    expect(parseLink(href)).toEqual({ ok: false, error });
  });
});
