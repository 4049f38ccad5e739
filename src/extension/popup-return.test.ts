import { describe, expect, it } from 'vitest';
import { bringPopupBack, type PopupControls } from './popup-return.ts';

/** A popup that Chrome closes after `closesAfter` ms (never, if null), on a clock the sleeps drive. */
function popup(closesAfter: number | null, refuses = false) {
  let now = 0;
  const opened: number[] = [];
  const controls: PopupControls = {
    isOpen: async () => closesAfter === null || now < closesAfter,
    open: async () => {
      if (refuses) throw new Error('Could not find an active browser window.');
      opened.push(now);
    },
    sleep: async (ms) => void (now += ms),
  };
  return { controls, opened };
}

describe('bringing the popup back after a share starts', () => {
  it.each<[string, number | null, boolean, string, number]>([
    ['already closed by the capture', 0, false, 'reopened', 1],
    ['closed by the capture a moment later', 250, false, 'reopened', 1],
    ['closed late in the watch', 2_900, false, 'reopened', 1],
    ['kept open by the person', null, false, 'kept-open', 0],
    ['closed after the watch (the person closed it)', 5_000, false, 'kept-open', 0],
    ['refused by Chrome (no focused window)', 0, true, 'refused', 0],
  ])('%s', async (_, closesAfter, refuses, outcome, opens) => {
    const { controls, opened } = popup(closesAfter, refuses);
    expect(await bringPopupBack(controls, 3_000)).toBe(outcome);
    expect(opened).toHaveLength(opens);
  });
});
