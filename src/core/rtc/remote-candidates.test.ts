import { describe, expect, it } from 'vitest';
import type { CandidateInit } from '../protocol/signal.ts';
import { createRemoteCandidates } from './remote-candidates.ts';

const candidate = (n: number): CandidateInit => ({
  candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${n} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

function fakePeer(refuse: number[] = []) {
  const added: CandidateInit[] = [];
  return {
    added,
    remoteDescription: null as unknown,
    addIceCandidate(c: CandidateInit) {
      if (refuse.some((n) => c.candidate.startsWith(`candidate:${n} `)))
        return Promise.reject(new Error('bad'));
      added.push(c);
      return Promise.resolve();
    },
  };
}

describe('remote candidates', () => {
  it('holds what comes before the remote description, in order, until flushed', async () => {
    const pc = fakePeer();
    const remote = createRemoteCandidates(() => pc);
    remote.add(candidate(1));
    remote.add(candidate(2));
    expect(pc.added).toEqual([]);
    pc.remoteDescription = { type: 'answer' };
    await remote.flush();
    expect(pc.added).toEqual([candidate(1), candidate(2)]);
    await remote.flush();
    expect(pc.added).toHaveLength(2);
  });

  it.each([
    ['an end-of-candidates null', null, 0],
    ['a candidate once the description is set', candidate(3), 1],
  ])('adds %s at once or not at all', async (_name, value, count) => {
    const pc = fakePeer();
    pc.remoteDescription = { type: 'offer' };
    createRemoteCandidates(() => pc).add(value);
    await Promise.resolve();
    expect(pc.added).toHaveLength(count);
  });

  it('goes on past a candidate the peer refuses', async () => {
    const pc = fakePeer([1]);
    const remote = createRemoteCandidates(() => pc);
    remote.add(candidate(1));
    remote.add(candidate(2));
    pc.remoteDescription = { type: 'answer' };
    await remote.flush();
    expect(pc.added).toEqual([candidate(2)]);
  });

  it('adds to the peer it is given now, not the one it was made with', async () => {
    let pc = fakePeer();
    const remote = createRemoteCandidates(() => pc);
    remote.add(candidate(1));
    pc = fakePeer();
    pc.remoteDescription = { type: 'answer' };
    await remote.flush();
    expect(pc.added).toEqual([candidate(1)]);
  });

  it('holds what an SDP carries, and what comes after, even once the description is set, until flushed', async () => {
    const pc = fakePeer();
    const remote = createRemoteCandidates(() => pc);
    const sdp = `v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=${candidate(0).candidate}\r\na=mid:0\r\n`;
    expect(remote.holdFrom(sdp)).toBe(
      'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n',
    );
    pc.remoteDescription = { type: 'offer' };
    remote.add(candidate(1));
    await Promise.resolve();
    expect(pc.added).toEqual([]);
    await remote.flush();
    remote.add(candidate(2));
    await Promise.resolve();
    expect(pc.added).toEqual([candidate(0), candidate(1), candidate(2)]);
  });
});
