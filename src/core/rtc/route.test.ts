import { describe, expect, it } from 'vitest';
import { routeOf } from './route.ts';

const stats = (local: string, remote: string, viaTransport = true) => [
  { id: 'T', type: 'transport', ...(viaTransport ? { selectedCandidatePairId: 'P' } : {}) },
  {
    id: 'P',
    type: 'candidate-pair',
    nominated: true,
    state: 'succeeded',
    localCandidateId: 'L',
    remoteCandidateId: 'R',
  },
  {
    id: 'X',
    type: 'candidate-pair',
    nominated: false,
    state: 'failed',
    localCandidateId: 'L2',
    remoteCandidateId: 'R',
  },
  { id: 'L', type: 'local-candidate', candidateType: local },
  { id: 'L2', type: 'local-candidate', candidateType: 'relay' },
  { id: 'R', type: 'remote-candidate', candidateType: remote },
];

describe('route from stats', () => {
  it.each([
    ['host to host', stats('host', 'host'), 'direct'],
    ['through NAT', stats('srflx', 'prflx'), 'direct'],
    ['our relay', stats('relay', 'host'), 'relayed'],
    ['their relay', stats('host', 'relay'), 'relayed'],
    ['no selected pair id (older browsers)', stats('relay', 'relay', false), 'relayed'],
    ['nothing selected yet', [{ id: 'T', type: 'transport' }], null],
  ])('%s', (_name, report, expected) => {
    expect(routeOf(report)).toBe(expected);
  });
});
