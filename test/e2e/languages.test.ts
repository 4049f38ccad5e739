import { describe, expect, it, onTestFinished } from 'vitest';
import { inLanguage, launchHelper, launchSharer } from './support/browsers.ts';
import { hasButton, HelperPage, pageLanguage, SharedTab } from './support/pages.ts';
import { useSession } from './support/session.ts';

const { env, sharerWithTab, share } = useSession();

describe('Lookover in the browser’s language', () => {
  it('a Chromium in Simplified Chinese: the popup and the extension’s name are in Chinese', async () => {
    // Not set up through the options page, which would be in Chinese: the popup needs no server.
    const sharer = await launchSharer(inLanguage('zh-CN'));
    onTestFinished(() => sharer.close());
    const tab = await SharedTab.open(sharer.browser, env.site.url);
    const popup = await tab.openPopup();
    expect(await pageLanguage(popup.page)).toBe('zh-CN');
    expect(await hasButton(popup.page, '共享此标签页')).toBe(true);
    expect(await hasButton(popup.page, 'Share this tab')).toBe(false);
    expect(await popup.manifestName()).toBe('Lookover 远程协助');
  });

  it('an English Chromium: the same in English', async () => {
    const { tab } = await sharerWithTab();
    const popup = await tab.openPopup();
    expect(await pageLanguage(popup.page)).toBe('en');
    expect(await hasButton(popup.page, 'Share this tab')).toBe(true);
    expect(await popup.manifestName()).toBe('Lookover');
  });

  it('a helper whose browser prefers Simplified Chinese is asked their name in Chinese', async () => {
    const { tab } = await sharerWithTab();
    const { link } = await share(tab, 'tab');
    const chinese = await launchHelper(inLanguage('zh-CN'));
    onTestFinished(() => chinese.close());
    const helper = await HelperPage.open(chinese.browser, link);
    const { prompt, field } = await helper.namePrompt();
    expect(prompt).toContain('想请你帮忙看看');
    expect(field).toBe('你的名字');
    expect(await pageLanguage(helper.page)).toBe('zh-CN');
    expect(await helper.page.title()).toBe('Lookover：远程协助');
  });
});
