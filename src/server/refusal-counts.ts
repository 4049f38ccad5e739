/** Distinct reasons counted apart; any later new one is counted as `other`. */
export const MAX_REFUSAL_REASONS = 40;

/**
 * A refusal's reason as a metric label: the text before its details (`origin not allowed: …`,
 * `packet too large (… bytes)`), so that one kind of refusal is one label whatever the client
 * sent. A reason aedes raised is its own text, which a client may shape: past
 * `MAX_REFUSAL_REASONS` labels, new ones are `other`, so no client can grow the metric.
 */
export const refusalKind = (reason: string): string =>
  reason.split(/:| \(/)[0]!.trim().toLowerCase().slice(0, 60) || 'other';

/** How many clients were refused or closed, by `refusalKind`. */
export function createRefusalCounts(maxReasons = MAX_REFUSAL_REASONS) {
  const counts = new Map<string, number>();
  return {
    add(reason: string) {
      const kind = refusalKind(reason);
      const label = counts.has(kind) || counts.size < maxReasons ? kind : 'other';
      counts.set(label, (counts.get(label) ?? 0) + 1);
    },
    entries: (): [string, number][] => [...counts],
  };
}
