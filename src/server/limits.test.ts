import { describe, expect, it } from 'vitest';
import { isOriginEntry, limitsFromEnv } from './limits.ts';

describe('limits from the environment', () => {
  it.each([
    ['nothing set', {}, {}],
    ['empty values', { LOOKOVER_MAX_CONNECTIONS: '', LOOKOVER_ALLOWED_ORIGINS: ' ' }, {}],
    ['connections', { LOOKOVER_MAX_CONNECTIONS: '5000' }, { maxConnections: 5000 }],
    ['per address', { LOOKOVER_MAX_CONNECTIONS_PER_ADDRESS: ' 64 ' }, { maxConnectionsPerAddress: 64 }],
    ['status records', { LOOKOVER_MAX_STATUS_RECORDS: '1' }, { maxStatusRecords: 1 }],
    [
      'origins',
      { LOOKOVER_ALLOWED_ORIGINS: 'self, https://help.example.org,chrome-extension://abcdefghijklmnop' },
      { allowedOrigins: ['self', 'https://help.example.org', 'chrome-extension://abcdefghijklmnop'] },
    ],
    ['any origin', { LOOKOVER_ALLOWED_ORIGINS: '*' }, { allowedOrigins: ['*'] }],
    ['variables it does not read', { PORT: '1', LOOKOVER_SERVER: 'x' }, {}],
  ])('reads %s', (_name, env, limits) => {
    expect(limitsFromEnv(env)).toEqual({ ok: true, value: limits });
  });

  it.each([
    [{ LOOKOVER_MAX_CONNECTIONS: '0' }, 'LOOKOVER_MAX_CONNECTIONS: "0" is not a whole number from 1'],
    [{ LOOKOVER_MAX_CONNECTIONS: '-5' }, 'LOOKOVER_MAX_CONNECTIONS: "-5" is not a whole number from 1'],
    [{ LOOKOVER_MAX_CONNECTIONS_PER_ADDRESS: '2.5' }, /PER_ADDRESS: "2.5"/],
    [{ LOOKOVER_MAX_STATUS_RECORDS: 'many' }, /STATUS_RECORDS: "many"/],
    [{ LOOKOVER_MAX_STATUS_RECORDS: '1e3' }, /STATUS_RECORDS: "1e3"/],
    [{ LOOKOVER_MAX_CONNECTIONS: '99999999999' }, /CONNECTIONS: "99999999999"/],
    [{ LOOKOVER_ALLOWED_ORIGINS: 'self,help.example.org' }, /"help.example.org" is not an origin/],
    [{ LOOKOVER_ALLOWED_ORIGINS: 'https://help.example.org/' }, /"https:\/\/help.example.org\/"/],
    [{ LOOKOVER_ALLOWED_ORIGINS: ',,' }, /"" is not an origin|",," is not an origin/],
  ])('refuses %o', (env, message) => {
    const result = limitsFromEnv(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('origin entries', () => {
  it.each([
    ['self', true],
    ['*', true],
    ['chrome-extension://*', true],
    ['https://*', true],
    ['https://help.example.org', true],
    ['http://localhost:8787', true],
    ['chrome-extension://abcdefghijklmnop', true],
    ['http://[::1]:8787', true],
    ['https://help.example.org/', false],
    ['https://help.example.org/path', false],
    ['https://HELP.example.org', false],
    ['http://localhost:80', false],
    ['help.example.org', false],
    ['null', false],
    ['https://*.example.org', false],
    ['', false],
  ])('%s is one: %s', (entry, valid) => {
    expect(isOriginEntry(entry)).toBe(valid);
  });
});
