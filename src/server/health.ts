export type Phase = 'starting' | 'running' | 'stopping';

/** One thing the server needs to serve: a clustered broker would add `redis`, say. */
export interface HealthCheck {
  name: string;
  ok: () => boolean;
}

export interface HealthReport {
  status: 200 | 503;
  body: { status: 'ok' | 'failing' | Exclude<Phase, 'running'>; checks: Record<string, 'ok' | 'failing'> };
}

/**
 * `GET /healthz`: 200 only while the server runs and every check passes, so a load balancer or
 * systemd's watchdog takes a server that is starting, stopping or missing a part out of rotation.
 * The body names each check and nothing about any client.
 */
export function healthReport(phase: Phase, checks: readonly HealthCheck[]): HealthReport {
  const results = Object.fromEntries(checks.map(({ name, ok }) => [name, ok() ? 'ok' : 'failing'] as const));
  const failing = Object.values(results).includes('failing');
  const status = phase !== 'running' ? phase : failing ? 'failing' : 'ok';
  return { status: status === 'ok' ? 200 : 503, body: { status, checks: results } };
}
