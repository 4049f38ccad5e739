import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renderMetrics, type MetricFamily } from './metrics.ts';
import type { TrafficMeter } from './websocket-stream.ts';

/** What the server reads its numbers from when `/metrics` is asked. */
export interface MetricSources {
  /** Open MQTT WebSockets. */
  connections: () => number;
  statusRecords: { readonly size: number; readonly live: number };
  /** PUBLISH packets clients sent, which the broker took. */
  publishesReceived: () => number;
  /** Refusals and cut-off connections, by kind (`refusal-counts.ts`). */
  refusals: () => [string, number][];
}

const NS_PER_S = 1e9;

/**
 * The server's numbers for `GET /metrics`: counts only, never a session, client id or address.
 * Event-loop lag is measured over the time since the last scrape (the histogram is reset at each),
 * so it shows a stall that a scrape interval's average would hide. The process-level names are
 * prom-client's, which Node dashboards already know.
 */
export function createServerMetrics(sources: MetricSources) {
  const wire = { received: 0, sent: 0, publishesSent: 0 };
  const meter: TrafficMeter = {
    received: (bytes) => (wire.received += bytes),
    sent: (bytes) => (wire.sent += bytes),
    publishSent: () => wire.publishesSent++,
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const gauge = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    samples: [{ value }],
  });
  const counter = (name: string, help: string, value: number): MetricFamily => ({
    ...gauge(name, help, value),
    type: 'counter',
  });
  const lag = (percentile: number) => (loopDelay.count > 0 ? loopDelay.percentile(percentile) / NS_PER_S : 0);

  return {
    meter,
    render(): string {
      const memory = process.memoryUsage();
      const families = [
        gauge(
          'lookover_mqtt_connections',
          'MQTT connections (WebSockets on /mqtt) open now.',
          sources.connections(),
        ),
        gauge(
          'lookover_sessions_active',
          'Status records whose writer is connected: shares going on now.',
          sources.statusRecords.live,
        ),
        gauge(
          'lookover_status_records',
          'Retained status records, live and ended.',
          sources.statusRecords.size,
        ),
        counter(
          'lookover_mqtt_messages_received_total',
          'PUBLISH packets clients sent through the broker.',
          sources.publishesReceived(),
        ),
        counter(
          'lookover_mqtt_messages_sent_total',
          'PUBLISH packets the broker sent to clients.',
          wire.publishesSent,
        ),
        counter('lookover_mqtt_bytes_received_total', 'MQTT bytes received from clients.', wire.received),
        counter('lookover_mqtt_bytes_sent_total', 'MQTT bytes sent to clients.', wire.sent),
        {
          name: 'lookover_refusals_total',
          help: 'Clients refused or cut off for breaking a limit, by reason.',
          type: 'counter',
          samples: sources.refusals().map(([reason, value]) => ({ labels: { reason }, value })),
        },
        gauge('nodejs_eventloop_lag_p50_seconds', 'Median event-loop lag since the last scrape.', lag(50)),
        gauge(
          'nodejs_eventloop_lag_p99_seconds',
          '99th percentile event-loop lag since the last scrape.',
          lag(99),
        ),
        gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop lag since the last scrape.', lag(100)),
        gauge('process_resident_memory_bytes', 'Resident memory of the process.', memory.rss),
        gauge('nodejs_heap_size_total_bytes', 'V8 heap size.', memory.heapTotal),
        gauge('nodejs_heap_size_used_bytes', 'V8 heap in use.', memory.heapUsed),
        gauge(
          'nodejs_external_memory_bytes',
          'Memory of C++ objects bound to JavaScript (buffers).',
          memory.external,
        ),
      ] satisfies MetricFamily[];
      loopDelay.reset();
      return renderMetrics(families);
    },
    close: () => loopDelay.disable(),
  };
}
