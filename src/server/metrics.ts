/** One metric of the Prometheus text format (version 0.0.4): its samples, with their labels. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: readonly { labels?: Readonly<Record<string, string>>; value: number }[];
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The families in Prometheus's text exposition format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): `# HELP`, `# TYPE`, then one line
 * per sample. A family with no samples still says what it is, so a dashboard finds the name.
 */
export function renderMetrics(families: readonly MetricFamily[]): string {
  return families
    .flatMap(({ name, help, type, samples }) => [
      `# HELP ${name} ${escape(help)}`,
      `# TYPE ${name} ${type}`,
      ...samples.map(({ labels = {}, value }) => `${name}${labelSet(labels)} ${number(value)}`),
    ])
    .map((line) => `${line}\n`)
    .join('');
}

function labelSet(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escaped = entries.map(([name, value]) => `${name}="${escape(value).replace(/"/g, '\\"')}"`);
  return `{${escaped.join(',')}}`;
}

/** Help text and label values escape backslash and newline; label values also `"`. */
const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
