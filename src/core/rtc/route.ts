/** How the picture travels: straight between the browsers, or through a TURN relay. */
export type Route = 'direct' | 'relayed';

type Stat = { id: string; type: string; [key: string]: unknown };

/**
 * Whether the selected ICE pair goes through a TURN relay (either end a `relay` candidate) or
 * straight between the browsers. `null` until a pair is selected. Takes `RTCStatsReport` values.
 */
export function routeOf(stats: Iterable<Stat>): Route | null {
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
  if (!local || !remote) return null;
  return local.candidateType === 'relay' || remote.candidateType === 'relay' ? 'relayed' : 'direct';
}
