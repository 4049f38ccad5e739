import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepSpare } from './spare.ts';

/** Numbered things that know whether they were closed. */
function builder() {
  const built: { n: number; closed: boolean; close(): void }[] = [];
  const build = () => {
    const thing = {
      n: built.length,
      closed: false,
      close() {
        thing.closed = true;
      },
    };
    built.push(thing);
    return thing;
  };
  return { built, build };
}

describe('keepSpare', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('has one built before it is asked, and builds the next a second after it is taken', () => {
    const { built, build } = builder();
    const spare = keepSpare(build);
    expect(built).toHaveLength(1);
    expect(spare.take()).toBe(built[0]);
    expect(built).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(built).toHaveLength(2);
    expect(spare.take()).toBe(built[1]);
  });

  it('builds one on the spot for a second join inside that second', () => {
    const { built, build } = builder();
    const spare = keepSpare(build);
    spare.take();
    expect(spare.take()).toBe(built[1]);
  });

  it('replaces a spare that waited two minutes, closing the old one', () => {
    const { built, build } = builder();
    keepSpare(build);
    vi.advanceTimersByTime(2 * 60_000);
    expect(built).toHaveLength(2);
    expect(built[0]!.closed).toBe(true);
    expect(built[1]!.closed).toBe(false);
  });

  it('closes its spare and builds nothing more once closed', () => {
    const { built, build } = builder();
    const spare = keepSpare(build);
    spare.take();
    spare.close();
    vi.advanceTimersByTime(3 * 60_000);
    expect(built).toHaveLength(1);
    expect(built[0]!.closed).toBe(false); // taken: its helper owns it
    const again = keepSpare(build);
    again.close();
    expect(built[1]!.closed).toBe(true);
  });
});
