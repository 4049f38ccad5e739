import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { parseLink } from '../../src/core/protocol/link.ts';
import { sharerTopic } from '../../src/core/signaling/topics.ts';
import { breakHidingThePicture, HelperPage, sessionStats } from './support/pages.ts';
import { expectPointerFollows, frameCountGrows, useSession } from './support/session.ts';

const { env, sharerWithTab, share, admitHelper } = useSession();

describe('the sharer decides who watches', () => {
  it('nothing is shown before Allow; Deny tells the helper', async () => {
    const { tab } = await sharerWithTab({ settings: { 'Your name': 'Sam' } });
    const { popup, link } = await share(tab);
    const helper = await HelperPage.open(env.helperBrowser.browser, link);
    const code = await helper.knock('Bob');
    expect(await helper.message()).toContain('Waiting for Sam to let you in');
    expect(await popup.requestCode('Bob')).toBe(code);
    // At the door, nothing of the tab reaches the helper: its player is ready but gets no frame, and
    // the stage is not shown.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await helper.video()).toEqual({ framesDecoded: 0, width: 0, height: 0 });
    expect(await helper.page.$eval('.stage-area', (stage) => getComputedStyle(stage).visibility)).toBe(
      'hidden',
    );

    await popup.deny('Bob');
    await helper.waitForPhase('denied', 10_000);
    expect(await helper.message()).toContain('Sam did not let you in');
    await popup.waitForText('No one is watching yet.');
  });

  it('Remove takes a watcher out; Pause freezes the picture until Resume', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');
    const bob = await admitHelper(popup, link, 'Bob');
    expect(await frameCountGrows(ana)).toBe(true);

    await popup.pause();
    await popup.waitForText('Paused');
    await ana.page.waitForFunction(() => document.body.innerText.includes('paused the share'));
    expect(await frameCountGrows(ana)).toBe(false);
    await popup.resume();
    await expect.poll(() => frameCountGrows(ana), { timeout: 15_000 }).toBe(true);

    await popup.remove('Bob');
    await bob.waitForPhase('removed', 10_000);
    expect(await bob.message()).toContain('removed you');
    expect(await frameCountGrows(ana)).toBe(true);
  });

  it('a share with as many helpers as allowed tells the next one it is full', async () => {
    const { tab } = await sharerWithTab({ settings: { 'Most helpers at once': '1' } });
    const { popup, link } = await share(tab);
    await admitHelper(popup, link, 'Ana');
    const late = await HelperPage.open(env.helperBrowser.browser, link);
    await late.join('Bob');
    await late.waitForPhase('full', 10_000);
  });

  it('a Pause that cannot take the picture away closes that helper instead of leaving them watching', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');
    expect(await frameCountGrows(ana)).toBe(true);
    await breakHidingThePicture(sharer.browser);
    await popup.pause();
    await ana.waitForPhase('removed', 10_000);
    await popup.waitForText('No one is watching yet.');
    expect((await sessionStats(sharer.browser)).failures['hide-video']).toBe(1);
  });

  it('a helper who reloads is back in without asking again', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link, 'Ana');
    await helper.page.reload();
    // The name is remembered and the sharer recognises the same person: straight back to live.
    await helper.waitForPhase('live', 20_000);
    expect(await frameCountGrows(helper)).toBe(true);
    await expect.poll(() => popup.page.$$eval('ul.helpers li', (items) => items.length)).toBe(1);
  });
});

describe('hostile or broken input changes nothing', () => {
  it('a link with the wrong key says so, before asking a name', async () => {
    const { tab } = await sharerWithTab();
    const { link } = await share(tab);
    const wrongKey = link.replace(/k=[A-Za-z0-9_-]{43}$/, `k=${'A'.repeat(43)}`);
    expect(wrongKey).not.toBe(link);
    const helper = await HelperPage.open(env.helperBrowser.browser, wrongKey);
    await helper.waitForPhase('wrong-key', 10_000);
    expect(await helper.message()).toContain('key does not match');
  });

  it('garbage on the session topic and on the data channels is dropped and counted', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await HelperPage.open(env.helperBrowser.browser, link, { spy: true });
    const code = await helper.knock('Ana');
    expect(await popup.requestCode('Ana')).toBe(code);
    await popup.allow('Ana');
    await helper.waitForPhase('live');
    // The peer the page started while it loaded is the one that joined: no second, no leftover.
    expect(await helper.peerStates()).toEqual(['connected']);

    // On the broker: someone who knows the topic but not the key.
    const parsed = parseLink(link);
    if (!parsed.ok) throw new Error('bad link');
    const intruder = await mqtt.connectAsync(env.server.brokerUrl);
    const topic = sharerTopic(parsed.value.sessionId);
    for (const payload of [
      'not json',
      '{"v":2,"iv":"AAAAAAAAAAAAAAAA","ct":"AAAA"}',
      '{"v":1,"iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAAAA"}',
      JSON.stringify({ v: 1, iv: 'x', ct: 'y', type: 'offer' }),
      '[]',
    ]) {
      await intruder.publishAsync(topic, payload, { qos: 1 });
    }
    await intruder.endAsync();

    // On the data channels, from an admitted helper's page.
    const garbage = [
      'hello',
      '{"t":"pointer","x":NaN,"y":0}',
      '{"t":"pointer","x":1e308,"y":0.5}',
      '{"t":"pointer","x":-0.5,"y":0.5}',
      '{"t":"pointer","x":0.5,"y":"0.5"}',
      '{"t":"<img src=x onerror=alert(1)>","x":0.5,"y":0.5}',
      'x'.repeat(20_000),
    ];
    expect(await helper.sendRaw('pointer', garbage)).toBe('open');
    expect(await helper.sendRaw('control', ['{"t":"admit"}', 'nope', '{"t":"paused","paused":"yes"}'])).toBe(
      'open',
    );

    await expect.poll(() => sessionStats(sharer.browser)).toMatchObject({ peers: 1 });
    const stats = await sessionStats(sharer.browser);
    expect(stats.droppedPointer).toBeGreaterThanOrEqual(garbage.length);
    expect(stats.droppedControl).toBeGreaterThanOrEqual(3);
    expect(stats.droppedSignaling).toBeGreaterThanOrEqual(5);
    // And the session carries on: picture and pointer.
    expect(await frameCountGrows(helper)).toBe(true);
    await expectPointerFollows(helper, tab);
  });
});
