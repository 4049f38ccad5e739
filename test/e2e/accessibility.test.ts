import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { HelperPage, OptionsPage } from './support/pages.ts';
import { expectLiveVideo, useSession } from './support/session.ts';

const { env, sharerWithTab, share } = useSession();
const STAGE = 'The shared screen. Arrow keys move your pointer, Shift+arrow in bigger steps, Escape hides it';

/** What axe-core finds serious or critical on the page as it stands, one line per rule and place. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxePuppeteer(page)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (node) => `${v.id}: ${node.target.join(' ')} (${node.failureSummary?.split('\n')[1]?.trim()})`,
      ),
    );
}

describe('accessibility (axe-core: no serious or critical violation)', () => {
  it('the popup while sharing, with a request to answer', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await HelperPage.open(env.helperBrowser.browser, link);
    await helper.knock('Ana');
    await popup.requestCode('Ana');
    // The request is announced (it lands in a live region that was already there), and the time
    // shared, which ticks, is not read out again and again.
    const announced = (selector: string) =>
      popup.page.$eval(selector, (element) =>
        Boolean(element.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]')),
      );
    expect(await announced('.request')).toBe(true);
    expect(await announced('.since')).toBe(false);
    // Last: axe-core opens a page of its own to finish, and Chrome closes the popup when it loses focus.
    expect(await seriousViolations(popup.page)).toEqual([]);
  });

  it('the popup before sharing', async () => {
    const { tab } = await sharerWithTab();
    const popup = await tab.openPopup();
    expect(await seriousViolations(popup.page)).toEqual([]);
  });

  it('the options page', async () => {
    const { sharer } = await sharerWithTab();
    const options = await OptionsPage.open(sharer.browser);
    await options.advancedIsOpen();
    await options.openAdvanced();
    expect(await seriousViolations(options.page)).toEqual([]);
    // The check sees what it should: a button with no name is a critical violation.
    await options.page.evaluate(() => document.body.append(document.createElement('button')));
    expect((await seriousViolations(options.page)).join()).toContain('button-name');
  });

  it('the helper page: asking a name, then watching with the tools', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await HelperPage.open(env.helperBrowser.browser, link);
    await helper.waitForPhase('naming');
    expect(await seriousViolations(helper.page)).toEqual([]);
    const code = await helper.knock('Ana');
    expect(await popup.requestCode('Ana')).toBe(code);
    await popup.allow('Ana');
    await expectLiveVideo(helper, tab);
    expect(await seriousViolations(helper.page)).toEqual([]);

    // Every tool by keyboard alone: Tab reaches it, its focus shows, Enter picks it.
    for (const tool of ['Pen', 'Arrow', 'Rectangle', 'Clear all', 'Save snapshot']) {
      const focused = await helper.tabTo(tool);
      expect(focused, tool).toEqual({ name: tool, focusVisible: true });
    }
    await helper.tabTo('Arrow');
    await helper.page.keyboard.press('Enter');
    expect(await helper.pressed('Arrow')).toBe(true);

    // Pointing by keyboard: the picture takes the focus, the arrows move the pointer on the
    // sharer's real tab, Escape takes it away.
    await helper.tabTo(STAGE);
    await helper.page.keyboard.press('ArrowRight');
    for (let i = 0; i < 5; i++) await helper.page.keyboard.press('ArrowRight');
    await helper.page.keyboard.down('Shift');
    await helper.page.keyboard.press('ArrowDown');
    await helper.page.keyboard.up('Shift');
    await expect.poll(() => tab.pointerShownAt(0.6, 0.6), { timeout: 10_000 }).toBe(true);
    await helper.page.keyboard.press('Escape');
    await expect.poll(() => tab.pointerShownAt(0.6, 0.6), { timeout: 10_000 }).toBe(false);
  });
});
