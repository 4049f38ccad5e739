import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeListeners } from '../../../test/support/fake-listeners.ts';
import { settled } from '../../../test/support/settled.ts';
import { firstCandidates, type Gathering } from './first-candidates.ts';

const fakePeer = (sdp: string, state = 'gathering') =>
  ({ iceGatheringState: state, localDescription: { sdp }, ...fakeListeners() }) satisfies Gathering;

describe('firstCandidates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    [
      'a candidate is already in the description',
      'v=0\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n',
      'gathering',
      true,
    ],
    ['gathering is over with none (no network)', 'v=0\r\n', 'complete', true],
    ['nothing yet', 'v=0\r\n', 'gathering', false],
  ])('%s', async (_name, sdp, state, resolved) => {
    const pc = fakePeer(sdp, state);
    const waiting = firstCandidates(pc, 50, 5);
    await vi.advanceTimersByTimeAsync(5);
    expect(await settled(waiting)).toBe(resolved);
  });

  it('takes the whole burst: resolves once no candidate has come for the gap, and lets go', async () => {
    const pc = fakePeer('v=0\r\n');
    const waiting = firstCandidates(pc, 50, 5);
    for (const n of [1, 2, 3]) {
      pc.localDescription.sdp += `a=candidate:${n} 1 udp 1 10.0.0.${n} 9 typ host\r\n`;
      pc.fire();
      await vi.advanceTimersByTimeAsync(4);
      expect(await settled(waiting)).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
    expect(pc.listeners.size).toBe(0);
  });

  it('does not wait for the gap once gathering is over', async () => {
    const pc = fakePeer('v=0\r\n');
    const waiting = firstCandidates(pc, 50, 5);
    pc.localDescription.sdp += 'a=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n';
    pc.fire();
    pc.iceGatheringState = 'complete';
    pc.fire();
    expect(await settled(waiting)).toBe(true);
  });

  it('gives up waiting after maxMs', async () => {
    const waiting = firstCandidates(fakePeer('v=0\r\n'), 50);
    await vi.advanceTimersByTimeAsync(49);
    expect(await settled(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
  });
});
