import * as v from 'valibot';
import { IceServers, type IceServerConfig } from '../protocol/signal.ts';
import type { FailureLog } from '../util/failures.ts';
import { err, ok, type Result } from '../util/result.ts';

/** The Lookover server answers at once; a server that does not is treated as having none. */
export const ICE_FETCH_TIMEOUT_MS = 3000;

const Answer = v.object({
  iceServers: IceServers,
  expiresAt: v.exactOptional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/**
 * The STUN and TURN servers the Lookover server hands out (`GET /ice` on the helper page's origin),
 * TURN with short-lived credentials, so no long-lived TURN password sits in an extension or a link.
 * What comes back is untrusted: parsed, or refused with a reason.
 */
export async function iceFromServer(
  helperUrl: string,
  fetchFn: typeof fetch,
  timeoutMs = ICE_FETCH_TIMEOUT_MS,
): Promise<Result<{ iceServers: IceServerConfig[]; expiresAt: number | null }, string>> {
  let url: URL;
  try {
    url = new URL('/ice', helperUrl);
  } catch {
    return err('the helper page address is not a URL');
  }
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (!response.ok) return err(`the server answered ${response.status}`);
    const parsed = v.safeParse(Answer, await response.json());
    if (!parsed.success) return err('the server sent something that is not a list of ICE servers');
    return ok({ iceServers: parsed.output.iceServers, expiresAt: parsed.output.expiresAt ?? null });
  } catch (error) {
    return err(`could not ask the server (${(error as Error)?.name ?? 'error'})`);
  }
}

/**
 * The servers, or none when the server cannot say (an older server without `/ice`, a network
 * failure): a share works without them on one network, so the failure is counted, not thrown.
 */
export async function iceServersOrNone(
  helperUrl: string,
  fetchFn: typeof fetch,
  failures: FailureLog,
): Promise<IceServerConfig[]> {
  const answer = await iceFromServer(helperUrl, fetchFn);
  if (answer.ok) return answer.value.iceServers;
  failures.report('ICE servers from the Lookover server', new Error(answer.error));
  return [];
}
