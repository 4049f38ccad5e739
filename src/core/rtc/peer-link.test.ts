import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { FakeControlChannel, FakePeerConnection } from '../../../test/support/fake-peer-connection.ts';
import { createFailureLog } from '../util/failures.ts';
import { DIAGNOSE_AFTER_MS } from './connect-problem.ts';
import { createPeerLink, type PeerLinkOptions } from './peer-link.ts';
import type { Quality } from './quality.ts';

function makeLink(role: PeerLinkOptions['role'], turnConfigured = false, quality = false) {
  const pc = new FakePeerConnection();
  const control = new FakeControlChannel();
  const heard = {
    brokerOffers: [] as string[],
    brokerAnswers: [] as string[],
    brokerCandidates: [] as string[][],
    messages: [] as unknown[],
    dropped: 0,
    connection: [] as string[],
    routes: [] as string[],
    beforeAnswer: 0,
    problems: [] as (string | null)[],
    qualities: [] as Quality[],
  };
  const failures = createFailureLog(() => undefined);
  const link = createPeerLink(pc.asConnection, {
    role,
    broker: {
      offer: (sdp) => void heard.brokerOffers.push(sdp),
      answer: (sdp) => void heard.brokerAnswers.push(sdp),
      candidates: (batch) => void heard.brokerCandidates.push(batch.map((c) => c.candidate)),
    },
    onMessage: (message) => void heard.messages.push(message),
    onDropped: () => void heard.dropped++,
    onConnection: (state) => void heard.connection.push(state),
    onRoute: (route) => void heard.routes.push(route),
    beforeAnswer: () => void heard.beforeAnswer++,
    answerAs: (sdp) => `${sdp}, mended`,
    turnConfigured,
    onProblem: (problem) => void heard.problems.push(problem),
    ...(quality
      ? { quality: { side: 'sharer' as const, onQuality: (q: Quality) => void heard.qualities.push(q) } }
      : {}),
    failures,
  });
  link.attachControl(control.asChannel);
  const bringUp = () => {
    control.readyState = 'open';
    pc.setConnection('connected');
  };
  return { pc, control, link, heard, bringUp, failures };
}

const candidate = (n: number) => `candidate:${n} 1 udp ${2122260223 - n} 192.0.2.${n} 5000${n} typ host`;

describe('the peer link', () => {
  it('trickles nothing before its first description is sent, then batches to the broker while down', async () => {
    const { pc, link, heard } = makeLink('offerer');
    pc.gather(candidate(1));
    link.carried(
      `v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=${candidate(2)}\r\na=mid:0\r\n`,
    );
    pc.gather(candidate(2));
    pc.gather(candidate(3));
    await vi.waitFor(() => expect(heard.brokerCandidates).toEqual([[candidate(3)]]));
  });

  it('sends candidates over the peer link once it is up', () => {
    const { pc, control, link, heard, bringUp } = makeLink('offerer');
    link.carried('v=0\r\n');
    bringUp();
    pc.gather(candidate(4));
    pc.gather(null);
    expect(control.sent).toEqual([
      { t: 'ice', candidate: { candidate: candidate(4), sdpMid: '0', sdpMLineIndex: 0 } },
      { t: 'ice', candidate: null },
    ]);
    expect(heard.brokerCandidates).toEqual([]);
  });

  it.each<[string, boolean, 'peer' | 'broker']>([
    ['over the peer link while it is up', true, 'peer'],
    ['over the broker while it is down', false, 'broker'],
  ])('offers %s', async (_, up, via) => {
    const { control, link, heard, bringUp } = makeLink('offerer');
    if (up) bringUp();
    await link.offer(true);
    const sentOverPeer = control.sent.filter((m) => (m as { t: string }).t === 'offer');
    expect(via === 'peer' ? sentOverPeer : heard.brokerOffers).toHaveLength(1);
    expect(via === 'peer' ? heard.brokerOffers : sentOverPeer).toHaveLength(0);
  });

  it('answers an offer the way it came, after the role prepares its side, as the role mends it', async () => {
    const { pc, control, link, heard, bringUp } = makeLink('answerer');
    bringUp();
    control.receive(JSON.stringify({ t: 'offer', sdp: 'v=0 video' }));
    await vi.waitFor(() =>
      expect(control.sent).toEqual([{ t: 'answer', sdp: 'answer to v=0 video, mended' }]),
    );
    expect(heard.beforeAnswer).toBe(1);
    expect(pc.localDescription?.sdp).toBe('answer to v=0 video');
    await link.acceptOffer('v=0 restart', 'broker');
    expect(heard.brokerAnswers).toEqual(['answer to v=0 restart, mended']);
    expect(pc.remoteDescription?.sdp).toBe('v=0 restart');
  });

  it('takes an answer only while it has an offer out', async () => {
    const { pc, link } = makeLink('offerer');
    await link.acceptAnswer('early');
    expect(pc.remoteDescription).toBeNull();
    await link.offer();
    await link.acceptAnswer('answer');
    expect(pc.remoteDescription?.sdp).toBe('answer');
  });

  it.each<[string, PeerLinkOptions['role'], unknown]>([
    ['not JSON', 'offerer', 'garbage{'],
    ['an unknown message', 'offerer', JSON.stringify({ t: 'reboot' })],
    ['a binary message', 'answerer', new Uint8Array([1, 2, 3])],
    ['an offer sent to the offerer', 'offerer', JSON.stringify({ t: 'offer', sdp: 'v=0' })],
    ['an answer sent to the answerer', 'answerer', JSON.stringify({ t: 'answer', sdp: 'v=0' })],
  ])('refuses %s as dropped, without touching the connection', async (_, role, data) => {
    const { pc, control, heard } = makeLink(role);
    control.receive(data);
    await Promise.resolve();
    expect(heard.dropped).toBe(1);
    expect(heard.messages).toEqual([]);
    expect(pc.remoteDescription).toBeNull();
  });

  it("passes the role's own messages on", () => {
    const { control, heard } = makeLink('answerer');
    control.receive(JSON.stringify({ t: 'paused', paused: true }));
    control.receive(JSON.stringify({ t: 'bye', reason: 'removed' }));
    expect(heard.messages).toEqual([
      { t: 'paused', paused: true },
      { t: 'bye', reason: 'removed' },
    ]);
  });

  it("holds the other side's candidates until the description is set", async () => {
    const { pc, control, link } = makeLink('offerer');
    control.receive(
      JSON.stringify({ t: 'ice', candidate: { candidate: candidate(5), sdpMid: '0', sdpMLineIndex: 0 } }),
    );
    expect(pc.added).toEqual([]);
    await link.offer();
    await link.acceptAnswer('answer');
    await link.flushCandidates();
    expect(pc.added.map((c) => c.candidate)).toEqual([candidate(5)]);
  });

  it.each<[string, string, 'direct' | 'relayed']>([
    ['host to host', 'host', 'direct'],
    ['through a relay', 'relay', 'relayed'],
  ])('reports the route once connected: %s', async (_, localType, route) => {
    const { pc, heard, bringUp } = makeLink('offerer');
    pc.stats = [
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', localCandidateId: 'l', remoteCandidateId: 'r' },
      { id: 'l', type: 'local-candidate', candidateType: localType },
      { id: 'r', type: 'remote-candidate', candidateType: 'host' },
    ];
    bringUp();
    await vi.waitFor(() => expect(heard.routes).toEqual([route]));
    expect(heard.connection).toEqual(['connected']);
  });

  it('reports the route again when ICE moves from the relay to a direct pair after connecting', async () => {
    const { pc, heard, bringUp } = makeLink('offerer');
    const through = (localType: string) => [
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', localCandidateId: 'l', remoteCandidateId: 'r' },
      { id: 'l', type: 'local-candidate', candidateType: localType },
      { id: 'r', type: 'remote-candidate', candidateType: 'srflx' },
    ];
    pc.stats = through('relay');
    bringUp();
    await vi.waitFor(() => expect(heard.routes).toEqual(['relayed']));
    pc.stats = through('srflx');
    pc.selectPair();
    await vi.waitFor(() => expect(heard.routes).toEqual(['relayed', 'direct']));
  });

  it('watches the quality from the first connect until it closes', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { pc, link, heard, bringUp } = makeLink('offerer', false, true);
    const getStats = vi.spyOn(pc, 'getStats');
    pc.stats = [
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      {
        id: 'p',
        type: 'candidate-pair',
        localCandidateId: 'l',
        remoteCandidateId: 'r',
        currentRoundTripTime: 0.6,
      },
      { id: 'l', type: 'local-candidate', candidateType: 'host' },
      { id: 'r', type: 'remote-candidate', candidateType: 'host' },
    ];
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getStats).not.toHaveBeenCalled();
    bringUp();
    // Dropped and back: still one watch.
    pc.setConnection('disconnected');
    pc.setConnection('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(heard.qualities).toMatchObject([{ route: 'direct', rttMs: 600, level: 'poor' }]);
    const reads = getStats.mock.calls.length;
    await vi.advanceTimersByTimeAsync(4000);
    // The route twice (each connect), the quality once at once and every 2 s.
    expect(getStats.mock.calls.length).toBe(reads + 2);
    link.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getStats.mock.calls.length).toBe(reads + 2);
  });

  it('counts a stats read that fails instead of throwing', async () => {
    const { pc, bringUp, failures } = makeLink('offerer');
    pc.getStats = () => Promise.reject(new Error('closed'));
    bringUp();
    await vi.waitFor(() => expect(failures.counts()).toEqual({ 'read-route': 1 }));
  });
});

describe('the certificate the code was shown for', () => {
  const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:sha-256 ${fingerprint}\r\n`;

  it.each<[string, 'offerer' | 'answerer', string, boolean]>([
    ['a restart offer with the same certificate is taken', 'answerer', 'AA:BB', true],
    ['a restart offer naming another certificate closes the link', 'answerer', 'CC:DD', false],
    ['an answer naming another certificate closes the link', 'offerer', 'CC:DD', false],
  ])('%s', async (_, role, fingerprint, taken) => {
    const { pc, link, heard, failures } = makeLink(role);
    link.pin(sdp('AA:BB'));
    if (role === 'answerer') await link.acceptOffer(sdp(fingerprint), 'broker');
    else {
      await link.offer();
      await link.acceptAnswer(sdp(fingerprint));
    }
    expect(pc.remoteDescription?.sdp === sdp(fingerprint)).toBe(taken);
    expect(pc.closed).toBe(!taken);
    expect(heard.connection.includes('failed')).toBe(!taken);
    expect(failures.counts()['certificate changed'] ?? 0).toBe(taken ? 0 : 1);
  });
});

describe('saying why it has not connected', () => {
  afterEach(() => vi.useRealTimers());

  it('says nothing before the wait is over, then why, and takes it back once connected', async () => {
    vi.useFakeTimers();
    const { pc, link, heard, bringUp } = makeLink('answerer');
    link.expectConnection();
    await vi.advanceTimersByTimeAsync(DIAGNOSE_AFTER_MS - 1);
    expect(heard.problems).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(heard.problems).toEqual(['no-relay']);
    bringUp();
    expect(heard.problems).toEqual(['no-relay', null]);
    pc.setConnection('disconnected');
    await vi.advanceTimersByTimeAsync(DIAGNOSE_AFTER_MS);
    expect(heard.problems).toEqual(['no-relay', null, 'peer-offline']);
  });

  it('says nothing when it connects in time', async () => {
    vi.useFakeTimers();
    const { link, heard, bringUp } = makeLink('answerer');
    link.expectConnection();
    bringUp();
    await vi.advanceTimersByTimeAsync(DIAGNOSE_AFTER_MS * 2);
    expect(heard.problems).toEqual([]);
  });

  it('tells a TURN server that refused the credentials from one that gave a relay address', async () => {
    vi.useFakeTimers();
    const refused = makeLink('answerer', true);
    refused.pc.onicecandidateerror?.({ url: 'turn:turn.example.org:3478', errorCode: 401 } as never);
    refused.link.expectConnection();
    const relayed = makeLink('answerer', true);
    relayed.pc.gatherOfType('relay');
    relayed.link.expectConnection();
    await vi.advanceTimersByTimeAsync(DIAGNOSE_AFTER_MS);
    expect(refused.heard.problems).toEqual(['relay-refused']);
    expect(relayed.heard.problems).toEqual(['relay-failed']);
  });
});
