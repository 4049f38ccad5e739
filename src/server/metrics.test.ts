import { describe, expect, it } from 'vitest';
import { renderMetrics, type MetricFamily } from './metrics.ts';

describe('metrics in the Prometheus text format', () => {
  it.each<[string, MetricFamily[], string]>([
    [
      'a gauge',
      [
        {
          name: 'lookover_mqtt_connections',
          help: 'Open connections.',
          type: 'gauge',
          samples: [{ value: 3 }],
        },
      ],
      '# HELP lookover_mqtt_connections Open connections.\n# TYPE lookover_mqtt_connections gauge\nlookover_mqtt_connections 3\n',
    ],
    [
      'a counter with labels, one line each',
      [
        {
          name: 'lookover_refusals_total',
          help: 'Refusals.',
          type: 'counter',
          samples: [
            { labels: { reason: 'too many connections' }, value: 2 },
            { labels: { reason: 'origin not allowed' }, value: 1 },
          ],
        },
      ],
      '# HELP lookover_refusals_total Refusals.\n# TYPE lookover_refusals_total counter\n' +
        'lookover_refusals_total{reason="too many connections"} 2\nlookover_refusals_total{reason="origin not allowed"} 1\n',
    ],
    [
      'a family with no samples',
      [{ name: 'x_total', help: 'X.', type: 'counter', samples: [] }],
      '# HELP x_total X.\n# TYPE x_total counter\n',
    ],
    [
      'escaped label values and help',
      [
        {
          name: 'x',
          help: 'a \\ b\nc',
          type: 'gauge',
          samples: [{ labels: { reason: 'say "no"\\\n' }, value: 0.25 }],
        },
      ],
      '# HELP x a \\\\ b\\nc\n# TYPE x gauge\nx{reason="say \\"no\\"\\\\\\n"} 0.25\n',
    ],
    [
      'values that are not finite',
      [
        {
          name: 'x',
          help: 'X.',
          type: 'gauge',
          samples: [{ value: NaN }, { value: Infinity }, { value: -Infinity }],
        },
      ],
      '# HELP x X.\n# TYPE x gauge\nx NaN\nx +Inf\nx -Inf\n',
    ],
  ])('renders %s', (_name, families, text) => {
    expect(renderMetrics(families)).toBe(text);
  });
});
