import { describe, expect, it } from 'vitest';
import { snapshotName } from './save-snapshot.ts';

describe('snapshot file name', () => {
  it.each([
    ['a time of day', '2026-12-01T18:52:53.123Z', 'lookover-snapshot-2026-12-01T18-52-53.png'],
    ['midnight', '2027-01-01T00:00:00.000Z', 'lookover-snapshot-2027-01-01T00-00-00.png'],
  ])('%s: sorts by time, no colons', (_name, iso, expected) => {
    expect(snapshotName(new Date(iso))).toBe(expected);
  });
});
