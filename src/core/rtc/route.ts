/** How the picture travels: straight between the browsers, or through a TURN relay. */
export type Route = 'direct' | 'relayed';

export type Stat = { id: string; type: string; [key: string]: unknown };

/**
 * The ICE pair in use and its two candidates, from `RTCStatsReport` values; `null` until a pair is
 * selected. The transport names it; browsers without `selectedCandidatePairId` mark it nominated.
 */
export function selectedPair(stats: Iterable<Stat>): { pair: Stat; local: Stat; remote: Stat } | null {
  const byId = new Map<string, Stat>();
  for (const stat of stats) byId.set(stat.id, stat);
  const transport = [...byId.values()].find((stat) => stat.type === 'transport');
  const pair =
    byId.get(String(transport?.selectedCandidatePairId ?? '')) ??
    [...byId.values()].find(
      (stat) => stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded',
    );
  if (!pair) return null;
  const local = byId.get(String(pair.localCandidateId));
  const remote = byId.get(String(pair.remoteCandidateId));
  return local && remote ? { pair, local, remote } : null;
}

/**
 * Whether the selected ICE pair goes through a TURN relay (either end a `relay` candidate) or
 * straight between the browsers. `null` until a pair is selected. Takes `RTCStatsReport` values.
 */
export const routeOf = (stats: Iterable<Stat>): Route | null => routeOfPair(selectedPair(stats));

export function routeOfPair(selected: { local: Stat; remote: Stat } | null): Route | null {
  if (!selected) return null;
  const { local, remote } = selected;
  return local.candidateType === 'relay' || remote.candidateType === 'relay' ? 'relayed' : 'direct';
}
