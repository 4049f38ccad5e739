/**
 * Why two browsers have not connected, from what one side can see of its own connection, so each
 * side can say it in plain words and say what to do. ICE alone reports only "checking" or
 * "failed"; through a symmetric NAT with no relay it stays in "checking" for good.
 */
export type ConnectProblem =
  /** No TURN server configured, and the two networks cannot connect directly. */
  | 'no-relay'
  /** A TURN server is configured but gave no relay address: unreachable from here, or blocked. */
  | 'relay-unreachable'
  /** The TURN server answered, and refused the credentials. */
  | 'relay-refused'
  /** A relay address was found, and still no path: the other side cannot reach the relay either. */
  | 'relay-failed'
  /** It was connected, and the other side went away and has not come back. */
  | 'peer-offline';

/** How long a connection may go without connecting before the page says why (within 15 s). */
export const DIAGNOSE_AFTER_MS = 10_000;

export interface ConnectFacts {
  turnConfigured: boolean;
  relayGathered: boolean;
  /** `errorCode`s of `icecandidateerror` events for `turn:`/`turns:` URLs (RFC 8656 section 6.3.4). */
  turnErrors: readonly number[];
  wasConnected: boolean;
}

/** 401 Unauthorized and 403 Forbidden: the server is there, and said no to these credentials. */
const REFUSED = new Set([401, 403, 441]);

export function diagnose(facts: ConnectFacts): ConnectProblem {
  if (facts.wasConnected) return 'peer-offline';
  if (!facts.turnConfigured) return 'no-relay';
  // A relay address means the server took the credentials, whatever a first try was told.
  if (facts.relayGathered) return 'relay-failed';
  return facts.turnErrors.some((code) => REFUSED.has(code)) ? 'relay-refused' : 'relay-unreachable';
}

export const isTurnUrl = (url: string) => /^turns?:/i.test(url);

export const hasTurn = (iceServers: readonly { urls: string | readonly string[] }[]) =>
  iceServers.some((server) =>
    (typeof server.urls === 'string' ? [server.urls] : server.urls).some(isTurnUrl),
  );

/**
 * Collects the facts from a peer connection's own events (`icecandidate`, `icecandidateerror`,
 * connection state), so the role layers only ask for a diagnosis when the wait is over.
 */
export function createConnectWatch(turnConfigured: boolean) {
  let relayGathered = false;
  let wasConnected = false;
  const turnErrors: number[] = [];
  return {
    candidate(type: string | null | undefined) {
      if (type === 'relay') relayGathered = true;
    },
    candidateError(url: string, errorCode: number) {
      if (isTurnUrl(url) && turnErrors.length < 32) turnErrors.push(errorCode);
    },
    connected() {
      wasConnected = true;
    },
    diagnose: (): ConnectProblem => diagnose({ turnConfigured, relayGathered, turnErrors, wasConnected }),
  };
}
export type ConnectWatch = ReturnType<typeof createConnectWatch>;
