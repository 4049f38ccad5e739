import { describe, expect, it } from 'vitest';
import { english } from '../../../test/support/english.ts';
import {
  CONNECTED,
  diagnoseConnection,
  httpUrlOf,
  isHelperPage,
  type BrokerProbe,
  type ConnectionObservations,
  type HttpProbe,
} from './connection-diagnosis.ts';

const helperPage: HttpProbe = { kind: 'answered', status: 200, lookover: true };
const otherPage: HttpProbe = { kind: 'answered', status: 200, lookover: false };
const notFound: HttpProbe = { kind: 'answered', status: 404, lookover: false };
const failed: HttpProbe = { kind: 'failed' };
const timedOut: HttpProbe = { kind: 'timed-out' };
const connack: BrokerProbe = { kind: 'connack', returnCode: 0 };

const seen = (patch: Partial<ConnectionObservations>): ConnectionObservations => ({
  helperUrl: 'https://h.example/',
  brokerUrl: 'wss://h.example/mqtt',
  timeoutMs: 5000,
  page: helperPage,
  brokerHost: notFound,
  broker: connack,
  ...patch,
});
const elsewhere = { brokerUrl: 'wss://b.example:9001/' };

describe('what a connection test says', () => {
  it.each<[string, Partial<ConnectionObservations>, string, string]>([
    ['all well', {}, 'ok', english(CONNECTED)],
    [
      'all well on this computer over plain http',
      { helperUrl: 'http://localhost:8787/', brokerUrl: 'ws://localhost:8787/mqtt' },
      'ok',
      english(CONNECTED),
    ],
    ['a broker elsewhere, all well', { ...elsewhere, brokerHost: failed }, 'ok', english(CONNECTED)],
    [
      'nothing answers over https',
      { page: failed, brokerHost: failed, broker: { kind: 'not-opened' } },
      'unreachable',
      'Cannot reach the server at https://h.example/: the name may not exist, or it refused the connection, or its certificate is not valid (the browser does not say which).',
    ],
    [
      'nothing answers over plain http: no certificate to blame',
      {
        helperUrl: 'http://localhost:9/',
        brokerUrl: 'ws://localhost:9/mqtt',
        page: failed,
        brokerHost: failed,
        broker: { kind: 'not-opened' },
      },
      'unreachable',
      'Cannot reach the server at http://localhost:9/: the name may not exist, or it refused the connection (the browser does not say which).',
    ],
    [
      'the helper page elsewhere does not answer',
      { ...elsewhere, page: failed },
      'unreachable',
      'Cannot reach the helper page at',
    ],
    [
      'no answer in time',
      { page: timedOut, broker: { kind: 'open-timed-out' } },
      'timed-out',
      'No answer from the server at https://h.example/ within 5 s',
    ],
    [
      'plain http on another computer',
      { helperUrl: 'http://192.0.2.7:8787/', brokerUrl: 'ws://192.0.2.7:8787/mqtt' },
      'needs-https',
      "Reached 192.0.2.7:8787, but over plain http: helpers' browsers on other computers turn off the encryption Lookover needs (WebCrypto) without https.",
    ],
    [
      'plain http elsewhere comes before a broker problem',
      { helperUrl: 'http://h.example/', brokerUrl: 'ws://h.example/mqtt', broker: { kind: 'not-opened' } },
      'needs-https',
      'over plain http',
    ],
    [
      'an https page with a plain ws:// broker elsewhere',
      { brokerUrl: 'ws://b.example:9001' },
      'needs-wss',
      'browsers block that on the helper page',
    ],
    [
      'an https page with a ws:// broker on this computer',
      { brokerUrl: 'ws://127.0.0.1:9001', brokerHost: notFound },
      'ok',
      english(CONNECTED),
    ],
    [
      'the server answers HTTP but refuses the WebSocket',
      {
        helperUrl: 'http://127.0.0.1:5000/',
        brokerUrl: 'ws://127.0.0.1:5000/mqtt',
        page: otherPage,
        brokerHost: failed,
        broker: { kind: 'not-opened' },
      },
      'not-a-broker',
      'Reached 127.0.0.1:5000, but ws://127.0.0.1:5000/mqtt is not an MQTT broker: it refused the WebSocket connection',
    ],
    [
      'a broker host elsewhere answers HTTP but refuses the WebSocket',
      { ...elsewhere, brokerHost: otherPage, broker: { kind: 'not-opened' } },
      'not-a-broker',
      'is not an MQTT broker: it refused the WebSocket',
    ],
    [
      'a broker elsewhere cannot be reached',
      { ...elsewhere, brokerHost: failed, broker: { kind: 'not-opened' } },
      'broker-unreachable',
      'Cannot reach the broker at wss://b.example:9001/: the name may not exist, or it refused the connection, or its certificate is not valid',
    ],
    [
      'a broker elsewhere does not answer in time',
      { ...elsewhere, brokerHost: timedOut, broker: { kind: 'not-opened' } },
      'broker-timed-out',
      'No answer from the broker',
    ],
    [
      'the WebSocket does not open in time',
      { broker: { kind: 'open-timed-out' } },
      'broker-timed-out',
      'did not open a WebSocket within 5 s',
    ],
    [
      'a WebSocket that answers CONNECT with something else',
      { broker: { kind: 'not-mqtt' } },
      'not-a-broker',
      'answered MQTT CONNECT with something else',
    ],
    [
      'a WebSocket that closes without a CONNACK',
      { broker: { kind: 'closed-without-connack' } },
      'not-a-broker',
      'closed it without answering MQTT CONNECT',
    ],
    [
      'a WebSocket that never answers CONNECT',
      { broker: { kind: 'connack-timed-out' } },
      'not-a-broker',
      'gave no answer to MQTT CONNECT within 5 s',
    ],
    [
      'a broker that wants credentials',
      { broker: { kind: 'connack', returnCode: 5 } },
      'broker-refused',
      'refused the connection: it says this client is not authorised',
    ],
    [
      'a broker that refuses with a code of its own',
      { broker: { kind: 'connack', returnCode: 0x87 } },
      'broker-refused',
      'return code 135',
    ],
    [
      'no helper page there',
      { page: notFound },
      'no-helper-page',
      'it has no helper page at https://h.example/ (it answered 404)',
    ],
    [
      "a page that is not Lookover's",
      { page: otherPage },
      'not-helper-page',
      "https://h.example/ is not Lookover's helper page",
    ],
    [
      "a broker problem comes before the page's",
      { page: otherPage, broker: { kind: 'not-mqtt' } },
      'not-a-broker',
      'not an MQTT broker',
    ],
  ])('%s', (_name, patch, problem, message) => {
    const verdict = diagnoseConnection(seen(patch));
    expect(verdict.ok ? 'ok' : verdict.problem).toBe(problem);
    expect(english(verdict.message)).toContain(message);
  });

  it.each([
    ['ws://h.example:8787/mqtt', 'http://h.example:8787/mqtt'],
    ['wss://h.example/mqtt', 'https://h.example/mqtt'],
    ['WSS://h.example/', 'https://h.example/'],
  ])('asks %s as %s for whether its host answers', (ws, http) => {
    expect(httpUrlOf(ws)).toBe(http);
  });

  it.each([
    ['<!doctype html><html><head><title>Lookover: helping out</title>', true],
    ['<title>lookover</title>', true],
    ['<title>Welcome to nginx!</title>', false],
    ['Lookover', false],
    ['', false],
  ])('%j is the helper page: %s', (html, expected) => {
    expect(isHelperPage(html)).toBe(expected);
  });
});
