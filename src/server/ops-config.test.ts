import { describe, expect, it } from 'vitest';
import { opsConfigFromEnv } from './ops-config.ts';

describe('operations settings', () => {
  it.each([
    ['none', {}, { ok: true, value: { logLevel: 'info', metrics: 'local' } }],
    [
      'both',
      { LOG_LEVEL: 'debug', METRICS: 'off' },
      { ok: true, value: { logLevel: 'debug', metrics: 'off' } },
    ],
    [
      'a bad level',
      { LOG_LEVEL: 'loud' },
      { ok: false, error: 'LOG_LEVEL: "loud" is not one of debug, info, warn, error' },
    ],
    ['a bad access', { METRICS: 'yes' }, { ok: false, error: 'METRICS: "yes" is not one of on, off, local' }],
  ])('%s', (_name, env, expected) => {
    expect(opsConfigFromEnv(env)).toEqual(expected);
  });
});
