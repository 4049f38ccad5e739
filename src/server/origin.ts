/**
 * Whether a WebSocket opened with this `Origin` may reach the broker. The allowlist keeps other web
 * pages from using their visitors' browsers (and addresses) as broker clients; it is no
 * authentication. Browsers always send `Origin` on a WebSocket, so a request without one is not a
 * web page (a Node client, the tests, the benchmarks, another tool): such a client could send any
 * `Origin` it liked, so it is let in, as it would be at any other MQTT broker
 * (docs/decisions/0018-broker-limits.md).
 *
 * Entries: `self` (the origin's host is the one the request was sent to: the helper page served
 * here), `*` (anyone), `<scheme>://*` (any origin of that scheme, e.g. `chrome-extension://*`), or
 * one origin (`https://help.example.org`, `chrome-extension://<id>`).
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  return allowed.some((entry) => {
    if (entry === '*') return true;
    if (entry === 'self') return host !== undefined && hostOf(origin) === host.toLowerCase();
    if (entry.endsWith('://*')) return origin.startsWith(entry.slice(0, -1)) && hostOf(origin) !== null;
    return entry === origin;
  });
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase() || null;
  } catch {
    return null;
  }
}
