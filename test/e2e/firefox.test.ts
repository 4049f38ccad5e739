import { describe, expect, it } from 'vitest';
import { INK_GREEN, type SharedTab } from './support/pages.ts';
import { expectLiveVideo, expectPointerFollows, useSession } from './support/session.ts';

// The sharer in Chromium with the extension, as everywhere; each helper in Debian's Firefox ESR.
const { env, sharerWithTab, share, admitHelper } = useSession({ helper: 'firefox' });

const green = (tab: SharedTab, x0: number, y0: number, x1: number, y1: number) =>
  tab.countColor(INK_GREEN, x0, y0, x1, y1);

describe('a helper in Firefox', () => {
  it('opens the link, is let in, watches the tab live, and points and draws on the sharer’s real tab', async () => {
    expect(await env.helperBrowser.browser.version()).toMatch(/^firefox/i);
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    // A name, the same code on both sides, Allow.
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
    await expectPointerFollows(helper, tab);

    await helper.use('Green');
    await helper.use('Keep strokes');
    expect(await green(tab, 0, 0, 1, 1)).toBe(0);
    await helper.use('Rectangle');
    await helper.drag([0.4, 0.45], [0.6, 0.7]);
    await expect.poll(() => green(tab, 0.48, 0.44, 0.52, 0.46), { timeout: 10_000 }).toBeGreaterThan(3); // top edge
    expect(await green(tab, 0.39, 0.56, 0.41, 0.6)).toBeGreaterThan(3); // left edge
    expect(await green(tab, 0.45, 0.52, 0.55, 0.63)).toBe(0); // an outline, not filled
    expect(helper.errors).toEqual([]);
  });

  it('shows the connection quality from Firefox’s stats: a level or “Checking…”, and no error', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link);
    await expect.poll(() => helper.quality(), { timeout: 10_000 }).not.toBeNull();
    // A few reads of the stats (one every 2 s), each a chance to trip over what Firefox reports.
    await expect
      .poll(async () => parseFloat((await helper.quality())?.details['Frame rate'] ?? '') || 0, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const shown = (await helper.quality())!;
    expect(shown.label).toMatch(/^Connection quality: (good|fair|poor|not known yet)$/);
    expect(await helper.page.$eval('.quality-button', (button) => button.textContent)).toMatch(
      /^(Good|Fair|Poor|Checking…)$/,
    );
    expect(shown.details.Route).toBe('direct');
    expect(shown.details.Resolution).toMatch(/^\d+×\d+$/);
    expect(shown.detailsVisible).toBe(false);
    await helper.focusQuality();
    expect((await helper.quality())!.detailsVisible).toBe(true);
    expect(helper.errors).toEqual([]);
  });
});
