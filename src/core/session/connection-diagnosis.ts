import { phrase, type Phrase } from '../../i18n/translate.ts';
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
  { ok: true; message: Phrase } | { ok: false; problem: ConnectionProblem; message: Phrase };

export const CONNECTED = phrase('diagnosis.connected');

/** The URL a WebSocket URL upgrades from: a GET there tells whether its host answers at all. */
export const httpUrlOf = (brokerUrl: string) =>
  brokerUrl.replace(/^ws(s?):/i, (_scheme, tls: string) => `http${tls.toLowerCase()}:`);

const CONNACK_REFUSALS: Record<number, Phrase> = {
  1: phrase('diagnosis.refused1'),
  2: phrase('diagnosis.refused2'),
  3: phrase('diagnosis.refused3'),
  4: phrase('diagnosis.refused4'),
  5: phrase('diagnosis.refused5'),
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
  const fail = (problem: ConnectionProblem, message: Phrase): ConnectionVerdict => ({
    ok: false,
    problem,
    message,
  });
  const seconds = phrase('diagnosis.seconds', { seconds: Math.round(seen.timeoutMs / 1000) });
  const oneServer = hostOf(helperUrl) === hostOf(brokerUrl) && isTls(helperUrl) === isTls(brokerUrl);
  const unreachable = (url: string) =>
    phrase(isTls(url) ? 'diagnosis.unreachableWhyTls' : 'diagnosis.unreachableWhy');
  const what = phrase(oneServer ? 'diagnosis.theServer' : 'diagnosis.theHelperPage');

  if (seen.page.kind === 'failed')
    return fail(
      'unreachable',
      phrase('diagnosis.unreachable', { what, url: helperUrl, why: unreachable(helperUrl) }),
    );
  if (seen.page.kind === 'timed-out')
    return fail('timed-out', phrase('diagnosis.timedOut', { what, url: helperUrl, seconds }));

  if (onlyWorksHere(helperUrl))
    return fail('needs-https', phrase('diagnosis.needsHttps', { host: hostOf(helperUrl) }));
  const broker = new URL(brokerUrl);
  if (isTls(helperUrl) && broker.protocol === 'ws:' && !isLoopbackHost(broker.hostname))
    return fail('needs-wss', phrase('diagnosis.needsWss'));

  const reached = seen.brokerHost.kind === 'answered' || (oneServer && seen.page.kind === 'answered');
  const notBroker = (why: Phrase) =>
    fail('not-a-broker', phrase('diagnosis.notBroker', { host: hostOf(brokerUrl), url: brokerUrl, why }));
  switch (seen.broker.kind) {
    case 'not-opened':
      if (reached) return notBroker(phrase('diagnosis.wsRefused'));
      if (seen.brokerHost.kind === 'timed-out')
        return fail('broker-timed-out', phrase('diagnosis.brokerTimedOut', { url: brokerUrl, seconds }));
      return fail(
        'broker-unreachable',
        phrase('diagnosis.brokerUnreachable', { url: brokerUrl, why: unreachable(brokerUrl) }),
      );
    case 'open-timed-out':
      return fail('broker-timed-out', phrase('diagnosis.wsTimedOut', { url: brokerUrl, seconds }));
    case 'not-mqtt':
      return notBroker(phrase('diagnosis.notMqtt'));
    case 'closed-without-connack':
      return notBroker(phrase('diagnosis.closedWithoutConnack'));
    case 'connack-timed-out':
      return notBroker(phrase('diagnosis.connackTimedOut', { seconds }));
    case 'connack': {
      const code = seen.broker.returnCode;
      if (code !== 0)
        return fail(
          'broker-refused',
          phrase('diagnosis.brokerRefused', {
            url: brokerUrl,
            why: CONNACK_REFUSALS[code] ?? phrase('diagnosis.refusedCode', { code }),
          }),
        );
    }
  }

  if (seen.page.status >= 400)
    return fail(
      'no-helper-page',
      phrase('diagnosis.noHelperPage', { host: hostOf(helperUrl), url: helperUrl, status: seen.page.status }),
    );
  if (!seen.page.lookover)
    return fail(
      'not-helper-page',
      phrase('diagnosis.notHelperPage', { host: hostOf(helperUrl), url: helperUrl }),
    );
  return { ok: true, message: CONNECTED };
}

/** Whether an HTML page is Lookover's helper page: its title names it (src/helper/index.html). */
export const isHelperPage = (html: string) => /<title>[^<]*\bLookover\b/i.test(html);
