import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakePeerConnection } from '../../../test/support/fake-peer-connection.ts';
import { createFailureLog } from '../util/failures.ts';
import type { Quality } from './quality.ts';
import { watchQuality, type StatsSource } from './quality-watch.ts';

/** A connected pair, and the helper's video at `fps` frames a second, `t` seconds in. */
const stats = (t: number, rtt = 0.03, fps = 30) => [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
  {
    id: 'P',
    type: 'candidate-pair',
    localCandidateId: 'L',
    remoteCandidateId: 'R',
    currentRoundTripTime: rtt,
  },
  { id: 'L', type: 'local-candidate', candidateType: 'host' },
  { id: 'R', type: 'remote-candidate', candidateType: 'host' },
  {
    id: 'I',
    type: 'inbound-rtp',
    kind: 'video',
    timestamp: t * 1000,
    framesPerSecond: fps,
    bytesReceived: 125 * t * 1000,
    packetsReceived: 100 * t,
    packetsLost: 0,
  },
];

describe('watching the connection quality', () => {
  let pc: FakePeerConnection;
  let told: Quality[];
  let abort: AbortController;
  const failures = createFailureLog(() => undefined);
  const start = () =>
    watchQuality(pc as unknown as StatsSource, 'helper', (q) => told.push(q), abort.signal, { failures });
  /** Lets the stats promise settle and runs the next read, `n` times. */
  const reads = async (n: number, at: (i: number) => unknown[]) => {
    for (let i = 0; i < n; i++) {
      pc.stats = at(i) as FakePeerConnection['stats'];
      await vi.advanceTimersByTimeAsync(2000);
    }
  };

  beforeEach(() => {
    vi.useFakeTimers();
    pc = new FakePeerConnection();
    pc.connectionState = 'connected';
    pc.stats = stats(0);
    told = [];
    abort = new AbortController();
  });
  afterEach(() => {
    abort.abort();
    vi.useRealTimers();
  });

  it('reads at once, then every 2 s, with rates from the reads before', async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(told).toMatchObject([{ route: 'direct', rttMs: 30, fps: 30, kbps: null, level: 'good' }]);
    await reads(1, () => stats(2));
    expect(told.at(-1)).toMatchObject({ kbps: 1000, lossPercent: 0 });
  });

  it('tells only what changed', async () => {
    start();
    await reads(4, (i) => stats(2 + 2 * i));
    // The first read (no rates), the second (rates known), then the same three times.
    expect(told).toHaveLength(2);
    await reads(1, () => stats(12, 0.5));
    expect(told.at(-1)).toMatchObject({ rttMs: 500, level: 'poor' });
    expect(told).toHaveLength(3);
  });

  it('stops when aborted, and when the connection closes', async () => {
    const getStats = vi.spyOn(pc, 'getStats');
    start();
    await vi.advanceTimersByTimeAsync(0);
    abort.abort();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getStats).toHaveBeenCalledTimes(1);

    abort = new AbortController();
    start();
    await vi.advanceTimersByTimeAsync(0);
    pc.connectionState = 'closed';
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getStats).toHaveBeenCalledTimes(2);
    // Not waiting on a connection that is gone: nothing left to run.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips reads while disconnected, and starts the rates afresh after', async () => {
    start();
    await reads(1, () => stats(2));
    expect(told.at(-1)?.kbps).toBe(1000);
    pc.connectionState = 'disconnected';
    await reads(2, () => stats(100));
    pc.connectionState = 'connected';
    // The counters jumped during the gap: no rate spans it.
    await reads(1, () => stats(200));
    expect(told.at(-1)?.kbps).toBeNull();
    await reads(1, () => stats(202));
    expect(told.at(-1)?.kbps).toBe(1000);
  });

  it('counts a failed read and carries on', async () => {
    const counting = createFailureLog(() => undefined);
    pc.getStats = () => Promise.reject(new Error('busy'));
    watchQuality(pc as unknown as StatsSource, 'helper', (q) => told.push(q), abort.signal, {
      failures: counting,
    });
    await vi.advanceTimersByTimeAsync(4000);
    expect(counting.counts()).toEqual({ 'read-quality': 3 });
  });
});
