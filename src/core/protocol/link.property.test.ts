import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, longText, RUNS } from '../../../test/support/untrusted.ts';
import { toBase64Url } from '../util/bytes.ts';
import { formatLink, isBrokerUrl, LINK_VERSION, parseLink, type SessionLink } from './link.ts';

const bytes = (length: number) =>
  fc.uint8Array({ minLength: length, maxLength: length }).map((b) => new Uint8Array(b));
const brokerUrl = fc
  .webUrl({ validSchemes: ['ws', 'wss'], withQueryParameters: true })
  .filter((url) => isBrokerUrl(url));
const sessionLink: fc.Arbitrary<SessionLink> = fc.record({
  sessionId: bytes(16).map(toBase64Url),
  key: bytes(32),
  brokerUrl,
  customIce: fc.boolean(),
  commitment: bytes(16).map(toBase64Url),
});
const base = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });

/** A fragment from these parameters, written in any order (a hand-edited or re-encoded link). */
const fragment = (params: Record<string, string>) => `#${new URLSearchParams(params).toString()}`;
const fields = (link: SessionLink) => ({
  v: LINK_VERSION,
  s: link.sessionId,
  b: link.brokerUrl,
  c: link.commitment,
  k: toBase64Url(link.key),
});

describe('helper link (properties)', () => {
  it('never throws, whatever was pasted', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(200), longText(0, 10_000), fc.webUrl({ withFragments: true })), (href) => {
        parseLink(href);
        parseLink(`#${href}`);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('v', 's', 'k', 'b', 'c', 'i', 'x'),
          fc.oneof(anyText(60), fc.constant('2')),
        ),
        (params) => {
          parseLink(fragment(params));
        },
      ),
      RUNS,
    );
  });

  it('round-trips every link, on any helper page', () => {
    fc.assert(
      fc.property(base, sessionLink, (page, link) => {
        expect(parseLink(formatLink(page, link))).toEqual({ ok: true, value: link });
      }),
      RUNS,
    );
  });

  it('reads the fragment alone, its fields in any order', () => {
    const shuffled = sessionLink.chain((link) => {
      const entries = Object.entries({ ...fields(link), ...(link.customIce ? { i: '1' } : {}) });
      return fc
        .shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length })
        .map((order) => ({ link, href: fragment(Object.fromEntries(order)) }));
    });
    fc.assert(
      fc.property(shuffled, ({ link, href }) => {
        expect(parseLink(href)).toEqual({ ok: true, value: link });
      }),
      RUNS,
    );
  });

  it('refuses any link cut short, wherever a chat app cut it', () => {
    fc.assert(
      fc.property(base, sessionLink, fc.nat(), (page, link, at) => {
        const href = formatLink(page, link);
        const cut = href.slice(0, at % href.length);
        expect(parseLink(cut).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses a session id or key a byte short or long, or not base64url', () => {
    fc.assert(
      fc.property(
        sessionLink,
        fc.constantFrom(15, 17),
        fc.constantFrom(31, 33),
        fc.nat(),
        fc.constantFrom('!', '+', '/', '=', '%', ' ', 'é'),
        (link, idBytes, keyBytes, at, bad) => {
          const good = fields(link);
          const spoil = (text: string) =>
            `${text.slice(0, at % text.length)}${bad}${text.slice((at % text.length) + 1)}`;
          const refused = { ok: false, error: 'malformed' };
          expect(parseLink(fragment({ ...good, s: toBase64Url(new Uint8Array(idBytes)) }))).toEqual(refused);
          expect(parseLink(fragment({ ...good, k: toBase64Url(new Uint8Array(keyBytes)) }))).toEqual(refused);
          expect(parseLink(fragment({ ...good, s: spoil(good.s) }))).toEqual(refused);
          expect(parseLink(fragment({ ...good, k: spoil(good.k) }))).toEqual(refused);
        },
      ),
      RUNS,
    );
  });

  it('refuses another version, a missing one, and a broker that is not a WebSocket URL', () => {
    fc.assert(
      fc.property(
        sessionLink,
        fc.oneof(anyText(8), fc.constantFrom('1', '3', '02', ' 2', '2.0')),
        (link, v) => {
          fc.pre(v !== LINK_VERSION);
          expect(parseLink(fragment({ ...fields(link), v }))).toEqual({
            ok: false,
            error: 'unsupported-version',
          });
          const { v: _v, ...unversioned } = fields(link);
          expect(parseLink(fragment(unversioned))).toEqual({ ok: false, error: 'malformed' });
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(
        sessionLink,
        fc.oneof(
          fc.webUrl({ validSchemes: ['http', 'https', 'ftp', 'mqtt', 'file'] }),
          fc.constantFrom('javascript:alert(1)', 'data:,x', '//broker/mqtt', 'broker:1883', 'ws:', ''),
          anyText(40),
        ),
        (link, b) => {
          fc.pre(!isBrokerUrl(b));
          expect(parseLink(fragment({ ...fields(link), b }))).toEqual({ ok: false, error: 'malformed' });
        },
      ),
      RUNS,
    );
  });

  it('waits for custom ICE servers only when i is exactly 1', () => {
    fc.assert(
      fc.property(sessionLink, anyText(4), (link, i) => {
        const parsed = parseLink(fragment({ ...fields(link), i }));
        expect(parsed).toEqual({ ok: true, value: { ...link, customIce: i === '1' } });
      }),
      RUNS,
    );
  });
});
