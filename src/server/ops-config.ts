import { ok, type Result } from '../core/util/result.ts';
import { parseLogLevel, type LogLevel } from './log.ts';
import { parseMetricsAccess, type MetricsAccess } from './metrics-access.ts';

/** How the server tells its operator what it is doing: its log and its metrics. */
export interface OpsConfig {
  logLevel: LogLevel;
  metrics: MetricsAccess;
}

/** The variables `opsConfigFromEnv` reads, for messages and documentation. */
export const OPS_SETTINGS = ['LOG_LEVEL', 'METRICS'] as const;

export function opsConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<OpsConfig, string> {
  const logLevel = parseLogLevel(env.LOG_LEVEL);
  if (!logLevel.ok) return logLevel;
  const metrics = parseMetricsAccess(env.METRICS);
  if (!metrics.ok) return metrics;
  return ok({ logLevel: logLevel.value, metrics: metrics.value });
}
