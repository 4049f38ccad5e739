import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStatusRecords } from './status-records.ts';

const ENDED_TTL = 1000;
const ORPHANED_TTL = 5000;
const records = () =>
  createStatusRecords({ max: 4, maxPerAddress: 2, endedTtlMs: ENDED_TTL, orphanedTtlMs: ORPHANED_TTL });
const sam = { id: 'sam', address: '10.0.0.1' };
const mallory = { id: 'mallory', address: '10.0.0.9' };
const status = (n: number) => `lookover/v1/session${n}/status`;
const packet = (topic: string, text = 'sealed') => ({ topic, payload: Buffer.from(text) });
const write = (store: ReturnType<typeof records>, topic: string, writer: typeof sam, text = 'sealed') => {
  const refusal = store.claim(topic, writer, text === '');
  if (!refusal) store.store(packet(topic, text));
  return refusal;
};
const read = (store: ReturnType<typeof records>, topic: string) =>
  store.lookup([topic]).map((p) => p.payload.toString());

describe('status records', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('belong to their first writer while they exist', () => {
    const store = records();
    expect(write(store, status(1), sam, 'live')).toBeNull();
    expect(write(store, status(1), mallory, 'forged')).toBe('this status record belongs to another client');
    expect(write(store, status(1), mallory, '')).toBe('this status record belongs to another client');
    expect(write(store, status(1), sam, 'ended')).toBeNull();
    expect(read(store, status(1))).toEqual(['ended']);
    expect(write(store, status(1), sam, '')).toBeNull();
    expect(read(store, status(1))).toEqual([]);
    expect(write(store, status(1), mallory, 'mine now')).toBeNull();
  });

  it('count as live while written and their writer is connected', () => {
    const store = records();
    write(store, status(1), sam);
    write(store, status(2), mallory);
    store.claim(status(3), sam, false);
    expect([store.size, store.live]).toEqual([3, 2]);
    store.ownerLeft(mallory.id, false);
    expect([store.size, store.live]).toEqual([3, 1]);
    store.ownerArrived(mallory.id);
    expect(store.live).toBe(2);
  });

  it.each([
    ['left with a DISCONNECT', true, ENDED_TTL],
    ['vanished', false, ORPHANED_TTL],
  ])('stay while their writer is connected, then expire once it %s', (_name, saidGoodbye, ttl) => {
    const store = records();
    write(store, status(1), sam);
    vi.advanceTimersByTime(10 * ORPHANED_TTL);
    expect(read(store, status(1))).toEqual(['sealed']);
    store.ownerLeft(sam.id, saidGoodbye);
    vi.advanceTimersByTime(ttl - 1);
    expect(read(store, status(1))).toEqual(['sealed']);
    vi.advanceTimersByTime(1);
    expect([read(store, status(1)), store.size]).toEqual([[], 0]);
  });

  it('stay when their writer comes back in time, and still belong to it', () => {
    const store = records();
    write(store, status(1), sam);
    store.ownerLeft(sam.id, false);
    vi.advanceTimersByTime(ORPHANED_TTL - 1);
    store.ownerArrived(sam.id);
    vi.advanceTimersByTime(10 * ORPHANED_TTL);
    expect(read(store, status(1))).toEqual(['sealed']);
    expect(write(store, status(1), mallory)).not.toBeNull();
  });

  it('are capped per address: the oldest whose writer left goes first, a live one never', () => {
    const store = records();
    const a = { id: 'a', address: sam.address };
    const b = { id: 'b', address: sam.address };
    const c = { id: 'c', address: sam.address };
    write(store, status(1), a);
    write(store, status(2), b);
    expect(write(store, status(3), c)).toBe('too many status records from this address');
    store.ownerLeft('b', true);
    vi.advanceTimersByTime(10);
    store.ownerLeft('a', true);
    expect(write(store, status(3), c)).toBeNull();
    expect([read(store, status(1)), read(store, status(2)), store.size]).toEqual([['sealed'], [], 2]);
    expect(write(store, status(4), mallory)).toBeNull();
  });

  it('are capped in all: the oldest whose writer left goes first, a live one never', () => {
    const store = records();
    const writer = (n: number) => ({ id: `w${n}`, address: `10.0.1.${n}` });
    for (const n of [0, 1, 2, 3]) expect(write(store, status(n), writer(n))).toBeNull();
    expect(write(store, status(4), writer(4))).toBe('too many status records on this server');
    store.ownerLeft('w2', false);
    vi.advanceTimersByTime(10);
    store.ownerLeft('w1', true);
    expect(write(store, status(4), writer(4))).toBeNull();
    expect([0, 1, 2, 3, 4].map((n) => read(store, status(n)).length)).toEqual([1, 1, 0, 1, 1]);
    expect(store.size).toBe(4);
  });

  it('say which record a cap pushed out, and whose it was', () => {
    const pushed: [string, string][] = [];
    const store = createStatusRecords({
      max: 1,
      maxPerAddress: 1,
      endedTtlMs: ENDED_TTL,
      orphanedTtlMs: ORPHANED_TTL,
      pushedOut: (topic, owner) => pushed.push([topic, owner]),
    });
    write(store, status(1), sam);
    expect(store.held()).toEqual([[status(1), 'sam']]);
    store.ownerLeft('sam', false);
    expect([store.held(), store.topicsOf('sam')]).toEqual([[], [status(1)]]);
    expect(write(store, status(2), mallory)).toBeNull();
    expect([pushed, store.ownerOf(status(1)), store.ownerOf(status(2))]).toEqual([
      [[status(1), 'sam']],
      null,
      'mallory',
    ]);
  });

  it('are looked up by exact topic only', () => {
    const store = records();
    write(store, status(1), sam);
    expect(store.lookup(['lookover/v1/+/status', 'lookover/v1/#', '#']).length).toBe(0);
    expect(store.lookup([status(1), status(2), status(1)]).length).toBe(2);
  });

  it('take no write that was not claimed, and no claim before its write', () => {
    const store = records();
    store.store(packet(status(1)));
    expect(read(store, status(1))).toEqual([]);
    expect(store.claim(status(2), sam, false)).toBeNull();
    expect(read(store, status(2))).toEqual([]);
    expect(store.claim(status(3), sam, true)).toBeNull();
    expect(store.size).toBe(1);
  });

  it('let go of every timer on close', () => {
    const store = records();
    write(store, status(1), sam);
    store.ownerLeft(sam.id, false);
    store.close();
    expect([store.size, vi.getTimerCount()]).toEqual([0, 0]);
  });
});
