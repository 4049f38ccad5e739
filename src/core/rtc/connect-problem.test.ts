import { describe, expect, it } from 'vitest';
import {
  createConnectWatch,
  diagnose,
  hasTurn,
  type ConnectFacts,
  type ConnectProblem,
} from './connect-problem.ts';

const NONE: ConnectFacts = {
  turnConfigured: false,
  relayGathered: false,
  turnErrors: [],
  wasConnected: false,
};

describe('why two browsers have not connected', () => {
  it.each<[string, Partial<ConnectFacts>, ConnectProblem]>([
    ['no TURN configured: the networks cannot connect directly', {}, 'no-relay'],
    ['TURN configured, no relay address, no answer', { turnConfigured: true }, 'relay-unreachable'],
    [
      'TURN configured, a connection error (701)',
      { turnConfigured: true, turnErrors: [701] },
      'relay-unreachable',
    ],
    ['TURN refused the credentials (401)', { turnConfigured: true, turnErrors: [701, 401] }, 'relay-refused'],
    ['TURN forbade it (403)', { turnConfigured: true, turnErrors: [403] }, 'relay-refused'],
    ['a relay address, and still no path', { turnConfigured: true, relayGathered: true }, 'relay-failed'],
    [
      'a relay address after a first refusal',
      { turnConfigured: true, relayGathered: true, turnErrors: [401] },
      'relay-failed',
    ],
    [
      'connected once, then the other side went away',
      { wasConnected: true, turnConfigured: true },
      'peer-offline',
    ],
  ])('%s', (_, facts, problem) => {
    expect(diagnose({ ...NONE, ...facts })).toBe(problem);
  });

  it.each<[string, { urls: string | string[] }[], boolean]>([
    ['none', [], false],
    ['STUN only', [{ urls: 'stun:stun.example.org' }], false],
    ['TURN', [{ urls: 'turn:turn.example.org:3478' }], true],
    ['TURN over TLS in a list', [{ urls: ['stun:s.example', 'turns:t.example:5349'] }], true],
  ])('knows whether a relay is configured: %s', (_, servers, expected) => {
    expect(hasTurn(servers)).toBe(expected);
  });

  it("gathers the facts from the connection's own events", () => {
    const watch = createConnectWatch(true);
    expect(watch.diagnose()).toBe('relay-unreachable');
    watch.candidateError('stun:stun.example.org', 401);
    expect(watch.diagnose()).toBe('relay-unreachable');
    watch.candidateError('turn:turn.example.org:3478?transport=udp', 401);
    expect(watch.diagnose()).toBe('relay-refused');
    watch.candidate('relay');
    expect(watch.diagnose()).toBe('relay-failed');
    watch.connected();
    expect(watch.diagnose()).toBe('peer-offline');
  });
});
