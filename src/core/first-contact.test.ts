import { describe, expect, it, vi } from 'vitest';
import { settled } from '../../test/support/settled.ts';
import { firstContact, type IceState } from './first-contact.ts';

function fakePeer(state = 'new') {
  const listeners = new Set<() => void>();
  const pc = {
    iceConnectionState: state,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
    set(next: string) {
      pc.iceConnectionState = next;
      listeners.forEach((listener) => listener());
    },
    listeners,
  };
  return pc satisfies IceState;
}

describe('firstContact', () => {
  it.each([
    ['nothing heard yet', 'new', false],
    ['the other side is already checking', 'checking', true],
    ['already connected', 'connected', true],
  ])('%s', async (_name, state, resolved) => {
    vi.useFakeTimers();
    expect(await settled(firstContact(fakePeer(state), 50))).toBe(resolved);
    vi.useRealTimers();
  });

  it('resolves when the first check arrives, and lets go of its listener', async () => {
    vi.useFakeTimers();
    const pc = fakePeer();
    const waiting = firstContact(pc, 50);
    await vi.advanceTimersByTimeAsync(10);
    expect(await settled(waiting)).toBe(false);
    pc.set('checking');
    expect(await settled(waiting)).toBe(true);
    expect(pc.listeners.size).toBe(0);
    vi.useRealTimers();
  });

  it('stops waiting after maxMs (a NAT that drops the first checks)', async () => {
    vi.useFakeTimers();
    const pc = fakePeer();
    const waiting = firstContact(pc, 50);
    await vi.advanceTimersByTimeAsync(49);
    expect(await settled(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(waiting)).toBe(true);
    expect(pc.listeners.size).toBe(0);
    vi.useRealTimers();
  });
});
