import { err, ok, type Result } from '../core/util/result.ts';
import { clientAddress, unmapped } from './client-address.ts';

/**
 * Who may read `GET /metrics` (`METRICS`): `local`, the default, only this machine; `on` anyone
 * who reaches the port; `off` nobody (404). The numbers name no client, but they say how busy the
 * server is and how it is being attacked, which is the operator's business.
 */
export type MetricsAccess = 'on' | 'off' | 'local';
export const DEFAULT_METRICS_ACCESS: MetricsAccess = 'local';
const ACCESS: readonly MetricsAccess[] = ['on', 'off', 'local'];

export function parseMetricsAccess(raw: string | undefined): Result<MetricsAccess, string> {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '') return ok(DEFAULT_METRICS_ACCESS);
  const access = ACCESS.find((name) => name === value);
  return access ? ok(access) : err(`METRICS: "${raw}" is not one of ${ACCESS.join(', ')}`);
}

const isLoopbackAddress = (address: string) =>
  /^127\.[0-9]+\.[0-9]+\.[0-9]+$/.test(unmapped(address)) || address === '::1';

/**
 * Whether this request may read the metrics under `local`: its client, as `clientAddress` finds it
 * through `trustedProxies`, is a loopback address. A request that comes from loopback with an
 * `X-Forwarded-For` from a proxy that is not trusted was relayed from somewhere else (a proxy on
 * this machine that the operator did not list): it is refused, not taken for this machine's.
 */
export function isLocalRequest(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): boolean {
  const relayedByStranger =
    forwardedFor !== undefined && !trustedProxies.includes(unmapped(socketAddress ?? ''));
  return !relayedByStranger && isLoopbackAddress(clientAddress(socketAddress, forwardedFor, trustedProxies));
}
