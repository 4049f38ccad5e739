import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeListeners } from '../../../test/support/fake-listeners.ts';
import { settled } from '../../../test/support/settled.ts';
import { firstContact, type IceState } from './first-contact.ts';

function fakePeer(state = 'new') {
  const pc = {
    iceConnectionState: state,
    ...fakeListeners(),
    set(next: string) {
      pc.iceConnectionState = next;
      pc.fire();
    },
  };
  return pc satisfies IceState;
}

describe('firstContact', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    ['nothing heard yet', 'new', false],
    ['the other side is already checking', 'checking', true],
    ['already connected', 'connected', true],
  ])('%s', async (_name, state, resolved) => {
    expect(await settled(firstContact(fakePeer(state), 50))).toBe(resolved);
  });

  it.each<[string, number, (pc: ReturnType<typeof fakePeer>) => Promise<unknown> | void]>([
    ['when the first check arrives', 10, (pc) => pc.set('checking')],
    ['after maxMs (a NAT that drops the first checks)', 49, () => vi.advanceTimersByTimeAsync(1)],
  ])('stops waiting %s, and lets go of its listener', async (_name, before, end) => {
    const pc = fakePeer();
    const waiting = firstContact(pc, 50);
    await vi.advanceTimersByTimeAsync(before);
    expect(await settled(waiting)).toBe(false);
    await end(pc);
    expect(await settled(waiting)).toBe(true);
    expect(pc.listeners.size).toBe(0);
  });
});
