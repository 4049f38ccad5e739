import { describe, expect, it, onTestFinished } from 'vitest';
import { launchHelper } from './support/browsers.ts';
import { HelperPage, sessionStats, type QualityShown } from './support/pages.ts';
import { expectLiveVideo, expectPointerFollows, useSession } from './support/session.ts';

const { env, sharerWithTab, share, admitHelper } = useSession();

describe('sharing a tab with a helper', () => {
  it('"Share this tab": the helper sees the tab live and points at it', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
    await popup.waitForText('connected');
    await expectPointerFollows(helper, tab);
    // Sound only when the sharer asks for it.
    expect(await helper.soundPlaying()).toBeNull();
    expect((await sessionStats(sharer.browser)).soundPlayback).toBeNull();
    // No internal failure on the way (that the share asks its server for STUN and TURN servers is
    // share-session.test.ts's; this server has none to give).
    expect((await sessionStats(sharer.browser)).failures).toEqual({});
  });

  it('the link is in front of the sharer without a second click: Copy works at once, the QR code reads the same', async () => {
    const { sharer, tab } = await sharerWithTab();
    // Only the first popup comes from a click: Chrome closes it as the capture starts.
    const { popup, link } = await share(tab, 'tab');
    // chrome-extension: is not a special scheme, so URL gives it no origin.
    const origin = popup.page.url().split('/').slice(0, 3).join('/');
    await sharer.browser.defaultBrowserContext().overridePermissions(origin, ['clipboard-read']);
    expect(await popup.copyLink()).toBe(link);
    expect(await popup.qrCodeLink()).toBe(link);
  });

  it('a share no one watches warns the sharer it will end itself; a helper coming in takes that back', async () => {
    const { tab } = await sharerWithTab({
      settings: { 'End a share no one watches after (minutes)': '1' },
    });
    const { popup, link } = await share(tab, 'tab');
    // One minute is the warning itself: it shows at once, counting down, with the time shared.
    await popup.waitForText('No one is watching. Sharing stops in');
    expect(await popup.text()).toContain('for less than a minute');
    await admitHelper(popup, link);
    await popup.waitForText('connected');
    expect(await popup.text()).not.toContain('No one is watching');
    expect(await popup.text()).toContain('Sharing this tab');
  });

  it('both sides show the connection quality: direct, frames coming, details on keyboard focus', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
    const frameRate = (shown: QualityShown | null) => parseFloat(shown?.details['Frame rate'] ?? '') || 0;
    for (const [side, read, focus] of [
      ['helper page', () => helper.quality(), () => helper.focusQuality()],
      ['popup', () => popup.quality('Ana'), () => popup.focusQuality('Ana')],
    ] as const) {
      await expect
        .poll(async () => frameRate(await read()), { timeout: 10_000, message: side })
        .toBeGreaterThan(0);
      const shown = (await read())!;
      expect(shown.details.Route, side).toBe('direct');
      expect(shown.details.Resolution, side).toMatch(/^\d+×\d+$/);
      expect(shown.label, side).toMatch(/^Connection quality: (good|fair|poor)$/);
      expect(shown.detailsVisible, side).toBe(false);
      await focus();
      expect((await read())!.detailsVisible, side).toBe(true);
    }
  });

  it('"Share the sound too": the helper hears the tab and the sharer still does', async () => {
    const { sharer, tab } = await sharerWithTab({ args: ['--autoplay-policy=no-user-gesture-required'] });
    const { popup, link } = await share(tab, 'tab', { sound: true });
    await tab.playTone();
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
    await expect.poll(() => helper.soundPlaying(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => helper.soundLevel(), { timeout: 10_000 }).toBeGreaterThan(0.05);
    // Tab capture takes the sound from the tab's speakers unless it is played back: it is.
    expect((await sessionStats(sharer.browser)).soundPlayback).toBe('running');
  });

  it('"Share a window or screen...": the picked tab streams and takes pointers', async () => {
    // Headless Chromium has no picker on screen: this flag picks the tab with that title.
    const { tab } = await sharerWithTab({
      args: [`--auto-select-tab-capture-source-by-title=${env.site.title}`],
    });
    const { popup, link } = await share(tab, 'display');
    const helper = await admitHelper(popup, link);
    await expectLiveVideo(helper, tab);
    await expectPointerFollows(helper, tab);
  });

  it('"Stop sharing" ends it everywhere: helper told, badge and overlay cleared, link dead', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab, 'tab');
    const helper = await admitHelper(popup, link);
    expect(await tab.hasOverlay()).toBe(true);

    await popup.stopSharing();
    await helper.waitForPhase('ended', 10_000);
    expect(await helper.message()).toContain('The share has ended');
    await popup.waitForText('You stopped sharing.');
    await expect.poll(() => tab.hasOverlay()).toBe(false);
    const worker = await (await sharer.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    await expect.poll(() => worker!.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    // Nothing left running: the offscreen document (capture, broker connection) is gone.
    await expect
      .poll(() => sharer.browser.targets().filter((t) => t.url().includes('offscreen.html')).length)
      .toBe(0);

    // The link is dead for good: opening it later says so at once, before asking anyone's name.
    const late = await HelperPage.open(env.helperBrowser.browser, link);
    await late.waitForPhase('ended', 10_000);
    expect(await late.message()).toContain('The share has ended');
  });

  it.each([
    ['truncated', (link: string) => link.slice(0, -10), 'incomplete or damaged'],
    ['missing its fragment', (link: string) => link.split('#')[0]!, 'needs a Lookover link'],
  ])('a %s link says so instead of spinning', async (_name, mangle, text) => {
    const helper = await HelperPage.open(
      env.helperBrowser.browser,
      mangle(
        `${env.server.url}#v=3&s=AAAAAAAAAAAAAAAAAAAAAA&b=ws%3A%2F%2Fx%2Fmqtt&c=AAAAAAAAAAAAAAAAAAAAAA&k=${'A'.repeat(43)}`,
      ),
    );
    await helper.waitForPhase('invalid-link');
    expect(await helper.message()).toContain(text);
  });

  it('a link opened over plain http from another computer says it needs https, not that a server is down', async () => {
    // Another name for this machine: to the browser, a remote host over plain http.
    const remote = await launchHelper(['--host-resolver-rules=MAP lookover.test 127.0.0.1']);
    onTestFinished(() => remote.close());
    const url = new URL(env.server.url);
    url.hostname = 'lookover.test';
    const link = `${url}#v=3&s=AAAAAAAAAAAAAAAAAAAAAA&b=ws%3A%2F%2Flookover.test%2Fmqtt&c=AAAAAAAAAAAAAAAAAAAAAA&k=${'A'.repeat(43)}`;
    const helper = await HelperPage.open(remote.browser, link);
    await helper.waitForPhase('insecure', 10_000);
    expect(await helper.message()).toContain('must be opened over https');
    expect(await helper.message()).not.toContain('signaling server');
  });
});
