import { isLoopbackHost, onlyWorksHere } from './settings.ts';

/**
 * What a connection test could see: a page gives fetch and WebSocket no network error detail (a
 * name that does not resolve, a refused port and a bad certificate all look alike), so the
 * diagnosis is built from what is left (docs/decisions/0021-connection-test-says-what-it-saw.md).
 */
export type HttpProbe =
  /** Any HTTP answer: the host is reachable. `lookover` is whether the body is Lookover's helper page. */
  | { kind: 'answered'; status: number; lookover: boolean }
  /** No HTTP answer: no such name, refused, a TLS failure, or blocked. */
  | { kind: 'failed' }
  | { kind: 'timed-out' };

export type BrokerProbe =
  | { kind: 'connack'; returnCode: number }
  /** The WebSocket opened, and the first bytes back were not a CONNACK. */
  | { kind: 'not-mqtt' }
  /** The WebSocket opened, and closed before a CONNACK. */
  | { kind: 'closed-without-connack' }
  /** The WebSocket opened, and nothing came back in time. */
  | { kind: 'connack-timed-out' }
  /** The WebSocket closed before it opened: unreachable, or the upgrade was refused. */
  | { kind: 'not-opened' }
  | { kind: 'open-timed-out' };

export interface ConnectionObservations {
  helperUrl: string;
  brokerUrl: string;
  timeoutMs: number;
  /** GET of the helper page. */
  page: HttpProbe;
  /** GET of the broker's URL as http(s): whether its host answers HTTP at all. */
  brokerHost: HttpProbe;
  /** A WebSocket with subprotocol `mqtt`, a CONNECT on it, and what came back. */
  broker: BrokerProbe;
}

export type ConnectionProblem =
  | 'unreachable'
  | 'timed-out'
  | 'needs-https'
  | 'needs-wss'
  | 'broker-unreachable'
  | 'broker-timed-out'
  | 'not-a-broker'
  | 'broker-refused'
  | 'no-helper-page'
  | 'not-helper-page';

export type ConnectionVerdict =
  { ok: true; message: string } | { ok: false; problem: ConnectionProblem; message: string };

export const CONNECTED = 'Connected: helper page and broker reachable.';

/** The URL a WebSocket URL upgrades from: a GET there tells whether its host answers at all. */
export const httpUrlOf = (brokerUrl: string) =>
  brokerUrl.replace(/^ws(s?):/i, (_scheme, tls: string) => `http${tls.toLowerCase()}:`);

const CONNACK_REFUSALS: Record<number, string> = {
  1: 'it does not speak MQTT 3.1.1',
  2: 'it refused the client id',
  3: 'it says it is unavailable',
  4: 'it wants a username and password, which Lookover does not send',
  5: 'it says this client is not authorised: it wants credentials Lookover does not send',
};

const hostOf = (url: string) => new URL(url).host;
const isTls = (url: string) => /^(https|wss):/i.test(url);

/**
 * Why no share would work with these URLs (ones `validateSettingsForm` takes), in plain words, or
 * that it would. The first problem
 * found is the one reported, from the most basic up: nothing is reached; helpers' browsers would
 * refuse the page or the broker; the broker is not one; the page is not Lookover's.
 */
export function diagnoseConnection(seen: ConnectionObservations): ConnectionVerdict {
  const { helperUrl, brokerUrl } = seen;
  const fail = (problem: ConnectionProblem, message: string): ConnectionVerdict => ({
    ok: false,
    problem,
    message,
  });
  const seconds = `${Math.round(seen.timeoutMs / 1000)} s`;
  const oneServer = hostOf(helperUrl) === hostOf(brokerUrl) && isTls(helperUrl) === isTls(brokerUrl);
  const unreachable = (url: string) =>
    `the name may not exist, or it refused the connection${isTls(url) ? ', or its certificate is not valid' : ''} (the browser does not say which)`;
  const what = oneServer ? 'the server' : 'the helper page';

  if (seen.page.kind === 'failed')
    return fail('unreachable', `Cannot reach ${what} at ${helperUrl}: ${unreachable(helperUrl)}.`);
  if (seen.page.kind === 'timed-out')
    return fail(
      'timed-out',
      `No answer from ${what} at ${helperUrl} within ${seconds}: it is down, or a firewall drops the connection.`,
    );

  if (onlyWorksHere(helperUrl))
    return fail(
      'needs-https',
      `Reached ${hostOf(helperUrl)}, but over plain http: helpers' browsers on other computers turn off the encryption Lookover needs (WebCrypto) without https. Serve it over https (or use it only on this computer).`,
    );
  const broker = new URL(brokerUrl);
  if (isTls(helperUrl) && broker.protocol === 'ws:' && !isLoopbackHost(broker.hostname))
    return fail(
      'needs-wss',
      `The helper page is https but the broker is plain ws://: browsers block that on the helper page. Use a wss:// broker.`,
    );

  const reached = seen.brokerHost.kind === 'answered' || (oneServer && seen.page.kind === 'answered');
  const notBroker = (why: string) =>
    fail('not-a-broker', `Reached ${hostOf(brokerUrl)}, but ${brokerUrl} is not an MQTT broker: ${why}.`);
  switch (seen.broker.kind) {
    case 'not-opened':
      if (reached)
        return notBroker(
          "it refused the WebSocket connection (it takes no WebSocket there, or does not allow this extension's origin)",
        );
      if (seen.brokerHost.kind === 'timed-out')
        return fail('broker-timed-out', `No answer from the broker at ${brokerUrl} within ${seconds}.`);
      return fail(
        'broker-unreachable',
        `Cannot reach the broker at ${brokerUrl}: ${unreachable(brokerUrl)}.`,
      );
    case 'open-timed-out':
      return fail(
        'broker-timed-out',
        `The broker at ${brokerUrl} did not open a WebSocket within ${seconds}.`,
      );
    case 'not-mqtt':
      return notBroker('it answered MQTT CONNECT with something else');
    case 'closed-without-connack':
      return notBroker('it opened a WebSocket, then closed it without answering MQTT CONNECT');
    case 'connack-timed-out':
      return notBroker(`it opened a WebSocket, but gave no answer to MQTT CONNECT within ${seconds}`);
    case 'connack':
      if (seen.broker.returnCode !== 0)
        return fail(
          'broker-refused',
          `The broker at ${brokerUrl} refused the connection: ${CONNACK_REFUSALS[seen.broker.returnCode] ?? `return code ${seen.broker.returnCode}`}.`,
        );
  }

  if (seen.page.status >= 400)
    return fail(
      'no-helper-page',
      `Reached ${hostOf(helperUrl)}, but it has no helper page at ${helperUrl} (it answered ${seen.page.status}).`,
    );
  if (!seen.page.lookover)
    return fail(
      'not-helper-page',
      `Reached ${hostOf(helperUrl)}, but ${helperUrl} is not Lookover's helper page.`,
    );
  return { ok: true, message: CONNECTED };
}

/** Whether an HTML page is Lookover's helper page: its title names it (src/helper/index.html). */
export const isHelperPage = (html: string) => /<title>[^<]*\bLookover\b/i.test(html);
