import { describe, expect, it } from 'vitest';
import { healthReport, type Phase } from './health.ts';

const check = (name: string, ok: boolean) => ({ name, ok: () => ok });

describe('health report', () => {
  it.each<[string, Phase, boolean[], number, string]>([
    ['running, every check passing', 'running', [true, true], 200, 'ok'],
    ['running, one check failing', 'running', [true, false], 503, 'failing'],
    ['running, no checks', 'running', [], 200, 'ok'],
    ['starting', 'starting', [true, true], 503, 'starting'],
    ['stopping', 'stopping', [true, true], 503, 'stopping'],
  ])('%s: %i', (_name, phase, oks, status, word) => {
    const report = healthReport(
      phase,
      oks.map((ok, i) => check(`check${i}`, ok)),
    );
    expect(report.status).toBe(status);
    expect(report.body.status).toBe(word);
  });

  it('names each check and its result', () => {
    expect(healthReport('running', [check('http', true), check('broker', false)]).body.checks).toEqual({
      http: 'ok',
      broker: 'failing',
    });
  });
});
