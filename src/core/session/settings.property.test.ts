import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  anyInput,
  anyText,
  hostileValue,
  jsonValue,
  longText,
  mutated,
  RUNS,
} from '../../../test/support/untrusted.ts';
import { isBrokerUrl } from '../protocol/link.ts';
import { IceServers, type IceServerConfig } from '../protocol/signal.ts';
import {
  defaultSettings,
  MAX_NAME_LENGTH,
  MAX_HELPERS_LIMIT,
  MAX_IDLE_MINUTES,
  parseIceServers,
  parseSettings,
  validateSettingsForm,
  type Settings,
} from './settings.ts';
import { choiceOf } from './lookover-server.ts';

// Not the built-in defaults, so a field that falls back is told from one read as stored.
const defaults: Settings = {
  ...defaultSettings('https://default.example/'),
  iceServers: [{ urls: 'stun:default.example' }],
  sharerName: 'Default',
  maxHelpers: 2,
};

const host = fc.domain();
const iceUrl = fc
  .tuple(
    fc.constantFrom('stun', 'stuns', 'turn', 'turns'),
    host,
    fc.option(fc.integer({ min: 1, max: 65_535 })),
  )
  .map(([scheme, name, port]) => `${scheme}:${name}${port === null ? '' : `:${port}`}`);
/** ICE servers RTCPeerConnection takes: a URL at least, and a TURN server's username and credential. */
const iceServer: fc.Arbitrary<IceServerConfig> = fc
  .record({
    urls: fc.oneof(iceUrl, fc.array(iceUrl, { minLength: 1, maxLength: 8 })),
    username: fc.string({ maxLength: 256 }),
    credential: fc.string({ maxLength: 256 }),
  })
  .chain((server) => {
    const turn = [server.urls].flat().some((url) => url.startsWith('turn'));
    return fc.record({ username: fc.boolean(), credential: fc.boolean() }).map((keep): IceServerConfig => ({
      urls: server.urls,
      ...(turn || keep.username ? { username: server.username } : {}),
      ...(turn || keep.credential ? { credential: server.credential } : {}),
    }));
  });
/** What the options page saves: a whole name, trimmed, within the limit. */
const name = fc
  .string({ unit: 'binary', maxLength: MAX_NAME_LENGTH })
  .map((s) => s.trim())
  .filter((s) => s.length <= MAX_NAME_LENGTH);
const serverOrigin = fc
  .tuple(fc.constantFrom('http', 'https'), host, fc.option(fc.integer({ min: 1, max: 65_535 })))
  .map(([scheme, name, port]) => new URL(`${scheme}://${name}${port === null ? '' : `:${port}`}`).origin);
const settings: fc.Arbitrary<Settings> = fc.record({
  server: fc.oneof(fc.constant(''), serverOrigin),
  helperUrl: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true }),
  brokerUrl: fc.webUrl({ validSchemes: ['ws', 'wss'] }).filter(isBrokerUrl),
  iceServers: fc.array(iceServer, { maxLength: 8 }),
  iceTransportPolicy: fc.constantFrom('all' as const, 'relay' as const),
  sharerName: name,
  maxHelpers: fc.integer({ min: 1, max: MAX_HELPERS_LIMIT }),
  endIdleAfterMinutes: fc.integer({ min: 0, max: MAX_IDLE_MINUTES }),
});
/** Lone surrogates: a name cut between the two halves of a pair shows as a broken character. */
const broken = (text: string) => /\p{Cs}/u.test(text);

/** What every read must give: each field usable as it is, whatever was stored. */
function usable(s: Settings) {
  expect(['http:', 'https:']).toContain(new URL(s.helperUrl).protocol);
  expect(isBrokerUrl(s.brokerUrl)).toBe(true);
  expect(v.is(IceServers, s.iceServers)).toBe(true);
  for (const server of s.iceServers) {
    const urls = [server.urls].flat();
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^(stun|stuns|turn|turns):/);
    if (urls.some((url) => /^turns?:/.test(url))) {
      expect(server.username).toBeTypeOf('string');
      expect(server.credential).toBeTypeOf('string');
    }
  }
  expect(['all', 'relay']).toContain(s.iceTransportPolicy);
  expect(s.sharerName.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  expect(s.sharerName).toBe(s.sharerName.trim());
  expect(Number.isInteger(s.maxHelpers) && s.maxHelpers >= 1 && s.maxHelpers <= MAX_HELPERS_LIMIT).toBe(true);
}

describe('settings from storage (properties)', () => {
  it('never throws, and reads anything into usable settings', () => {
    fc.assert(
      fc.property(anyInput, (raw) => usable(parseSettings(raw, defaults))),
      RUNS,
    );
    fc.assert(
      fc.property(mutated(settings), (raw) => usable(parseSettings(raw, defaults))),
      RUNS,
    );
  });

  it('reads back what it reads: its result is stored settings it keeps as they are', () => {
    fc.assert(
      fc.property(fc.oneof(settings, mutated(settings), anyInput), (raw) => {
        const once = parseSettings(raw, defaults);
        expect(parseSettings(once, defaults)).toEqual(once);
      }),
      RUNS,
    );
  });

  it('keeps valid stored settings as they are', () => {
    fc.assert(
      fc.property(settings, (stored) => {
        expect(parseSettings(stored, defaults)).toEqual(stored);
      }),
      RUNS,
    );
  });

  it('falls back field by field: a bad field costs only itself', () => {
    const bad = {
      helperUrl: fc.oneof(
        fc.constantFrom(
          'javascript:alert(1)',
          'data:text/html,x',
          'ws://h/',
          'file:///etc/passwd',
          '/relative',
          '',
        ),
        hostileValue,
      ),
      brokerUrl: fc.oneof(fc.constantFrom('http://b/mqtt', 'mqtt://b', 'wss:', 'ws//b'), hostileValue),
      iceServers: fc.oneof(
        fc.constantFrom<unknown>(
          'stun:x',
          [{ urls: 'http://x' }],
          [{ urls: [] }],
          [{ urls: 'turn:x' }],
          [{ urls: ['stun:x', 'turns:y'], username: 'u' }],
          [{ urls: 'turn:x', credential: 'c' }],
          new Array(9).fill({ urls: 'stun:x' }),
          [{ urls: new Array(9).fill('stun:x') }],
          [{ urls: `stun:${'x'.repeat(512)}` }],
          [{ urls: 'turn:x', username: 'x'.repeat(257), credential: '' }],
          [null],
        ),
        // No servers, stored as [] or not at all, is a valid choice, not a bad one.
        hostileValue.filter((value) => value !== null && (!Array.isArray(value) || value.length > 0)),
      ),
      maxHelpers: fc.oneof(
        fc.constantFrom<unknown>(0, MAX_HELPERS_LIMIT + 1, 2.5, '3', -1, null, Infinity, NaN),
        fc.integer().filter((n) => n < 1 || n > MAX_HELPERS_LIMIT),
        fc.double().filter((n) => !Number.isInteger(n)),
      ),
    };
    const badField = fc.oneof(
      ...(Object.keys(bad) as (keyof typeof bad)[]).map((field) =>
        (bad[field] as fc.Arbitrary<unknown>).map((value) => ({ field, value })),
      ),
    );
    fc.assert(
      fc.property(settings, badField, (stored, { field, value }) => {
        fc.pre(field !== 'helperUrl' || typeof value !== 'string' || !/^https?:/.test(value));
        fc.pre(field !== 'brokerUrl' || typeof value !== 'string' || !isBrokerUrl(value));
        expect(parseSettings({ ...stored, [field]: value }, defaults)).toEqual({
          ...stored,
          [field]: defaults[field],
        });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(settings, jsonValue, (stored, policy) => {
        fc.pre(policy !== 'relay');
        expect(parseSettings({ ...stored, iceTransportPolicy: policy }, defaults)).toEqual({
          ...stored,
          iceTransportPolicy: 'all',
        });
      }),
      RUNS,
    );
  });

  it('cuts a name to MAX_NAME_LENGTH units, trimmed and whole', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({
            unit: 'binary',
            minLength: MAX_NAME_LENGTH - 4,
            maxLength: MAX_NAME_LENGTH + 8,
            size: 'max',
          }),
          fc
            .tuple(fc.nat({ max: MAX_NAME_LENGTH }), fc.constantFrom(' ', '😀', 'é', '\t'), anyText(8))
            .map(([n, char, tail]) => `${'a'.repeat(n)}${char.repeat(3)}${tail}`),
          longText(MAX_NAME_LENGTH, 1000),
        ),
        (stored) => {
          const read = parseSettings({ sharerName: stored }, defaults).sharerName;
          expect(read.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
          expect(read).toBe(read.trim());
          expect(stored.trim().startsWith(read)).toBe(true);
          if (!broken(stored)) expect(broken(read)).toBe(false);
          if (stored.trim().length <= MAX_NAME_LENGTH) expect(read).toBe(stored.trim());
        },
      ),
      RUNS,
    );
  });

  it('keeps up to MAX_HELPERS_LIMIT helpers at once and refuses one more', () => {
    expect(parseSettings({ maxHelpers: MAX_HELPERS_LIMIT }, defaults).maxHelpers).toBe(MAX_HELPERS_LIMIT);
    expect(parseSettings({ maxHelpers: MAX_HELPERS_LIMIT + 1 }, defaults).maxHelpers).toBe(
      defaults.maxHelpers,
    );
  });
});

describe('the options form (properties)', () => {
  /** The form as the options page fills it from saved settings. */
  const form = (s: Settings) => ({
    ...choiceOf(s),
    iceServers: s.iceServers.length ? JSON.stringify(s.iceServers, null, 2) : '',
    maxHelpers: String(s.maxHelpers),
    endIdleAfterMinutes: String(s.endIdleAfterMinutes),
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(
        anyText(80),
        anyText(80),
        anyText(80),
        fc.oneof(anyText(200), fc.json()),
        anyText(8),
        (server, a, b, ice, n) => {
          validateSettingsForm({
            server,
            helperUrl: a,
            brokerUrl: b,
            iceServers: ice,
            maxHelpers: n,
            endIdleAfterMinutes: n,
          });
          parseIceServers(ice);
        },
      ),
      RUNS,
    );
  });

  it('finds nothing wrong with valid settings, and its ICE servers read back as saved', () => {
    fc.assert(
      fc.property(settings, (s) => {
        expect(validateSettingsForm(form(s))).toEqual({});
        expect(parseIceServers(form(s).iceServers)).toEqual({ ok: true, value: s.iceServers });
      }),
      RUNS,
    );
  });

  it('refuses ICE servers RTCPeerConnection would throw on, and says which', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant({ urls: [] }),
          iceUrl.map((url) => ({ urls: url.replace(/^stuns?/, 'turn') })),
          iceUrl.map((url) => ({ urls: [url.replace(/^stuns?/, 'turns')], username: 'u' })),
          iceUrl.map((url) => ({ urls: url.replace(/^stuns?/, 'turn'), credential: 'c' })),
        ),
        fc.array(iceServer, { maxLength: 3 }),
        (bad, good) => {
          const result = parseIceServers(JSON.stringify([...good, bad]));
          expect(result.ok).toBe(false);
          expect(
            validateSettingsForm({ ...form(defaults), iceServers: JSON.stringify([bad]) }),
          ).toHaveProperty('iceServers');
        },
      ),
      RUNS,
    );
  });
});
