import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn } from './support/coturn.ts';
import { HelperPage, sessionStats } from './support/pages.ts';
import { expectPointerFollows, frameCountGrows, useSession } from './support/session.ts';

const { env, sharerWithTab, share, admitHelper, restartServer } = useSession();

describe('faults a real session meets', () => {
  it('the broker restarts mid-session: picture and pointer keep flowing, signaling comes back', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');

    await restartServer(3000);
    // Peer to peer the whole time: nothing the broker does reaches the picture or the pointer.
    expect(await frameCountGrows(ana)).toBe(true);
    expect(await ana.phase()).toBe('live');
    await expectPointerFollows(ana, tab);
    // Both MQTT clients reconnected (and resubscribed): a new helper can join through the new broker.
    const bob = await admitHelper(popup, link, 'Bob');
    expect(await frameCountGrows(bob)).toBe(true);
    // ...and no duplicate peer appeared.
    expect((await sessionStats(sharer.browser)).peers).toBe(2);
  });

  it('the broker is down when a helper joins: a clear message within seconds, then Try again works', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await HelperPage.open(env.helperBrowser.browser, link);
    await helper.waitForPhase('naming');
    // As long as someone takes to type a name: the page connects to the broker meanwhile, and that
    // connection is what goes down.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const port = Number(new URL(env.server.url).port);
    await env.server.close();
    await helper.join('Ana');
    await helper.waitForPhase('broker-unreachable', 15_000);
    expect(await helper.message()).toContain('Cannot reach the signaling server');

    const { startServer } = await import('../../src/server/server.ts');
    env.server = await startServer({ port, host: '127.0.0.1' });
    await helper.page.locator('::-p-aria([name="Try again"][role="button"])').click();
    await helper.waitForPhase('knocking', 20_000);
    await popup.allow('Ana');
    await helper.waitForPhase('live');
  });

  it('the service worker is stopped while sharing: the session carries on and the popup knows it', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');
    await popup.page.close();

    const workerTarget = await sharer.browser.waitForTarget((t) => t.type() === 'service_worker');
    // That worker is gone. Chrome may start a new one for the next state broadcast (a change of
    // connection quality, say), as it would after stopping an idle worker.
    const gone = new Promise<void>((resolve) =>
      sharer.browser.on('targetdestroyed', (target) => target === workerTarget && resolve()),
    );
    await (await workerTarget.worker())!.close();
    await gone;

    expect(await frameCountGrows(ana)).toBe(true);
    await expectPointerFollows(ana, tab);
    const reopened = await tab.openPopup();
    await reopened.waitForText('Sharing this tab');
    await reopened.waitForText('Ana');
  });

  it('the shared tab navigates: the share continues and the overlay comes back', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');
    await tab.page.goto(`${env.site.url}?step=2`);
    await expect.poll(() => tab.hasOverlay(), { timeout: 10_000 }).toBe(true);
    expect(await frameCountGrows(ana)).toBe(true);
    await expectPointerFollows(ana, tab);
  });
});

describe('through a TURN relay (coturn on loopback)', () => {
  let turn: Awaited<ReturnType<typeof startCoturn>>;
  beforeAll(async () => {
    turn = await startCoturn();
  });
  afterAll(() => turn?.stop());

  it('with relay forced the session works and both sides say it is relayed; a drop recovers by itself', async () => {
    const { tab } = await sharerWithTab({
      settings: { 'STUN / TURN servers (JSON)': turn.iceServers },
      relayOnly: true,
    });
    const { popup, link } = await share(tab);
    const ana = await admitHelper(popup, link, 'Ana');
    expect(await frameCountGrows(ana)).toBe(true);
    await expect.poll(() => ana.route()).toBe('relayed');
    await popup.waitForText('relayed');

    // The network drops: the relay is the only path, and it goes away for a few seconds.
    await turn.stop();
    await ana.waitForPhase('reconnecting', 30_000);
    await popup.waitForText('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await turn.start();
    // Nobody clicks anything: ICE restarts over the broker and the picture comes back.
    await ana.waitForPhase('live', 45_000);
    await expect.poll(() => frameCountGrows(ana), { timeout: 20_000 }).toBe(true);
    await expectPointerFollows(ana, tab);
  });

  it.each([
    ['refuses the credentials', 'refused the credentials', 'refused the credentials', true],
    ['cannot be reached', 'cannot be reached from your network', 'cannot be reached', false],
  ])(
    'a relay that %s: both sides say so, in time, and what to do',
    async (_, helperSays, sharerSays, reachable) => {
      const [server] = JSON.parse(turn.iceServers) as {
        urls: string;
        username: string;
        credential: string;
      }[];
      const broken = reachable
        ? { ...server, credential: 'not-the-secret' }
        : { ...server, urls: 'turn:127.0.0.1:9?transport=udp' };
      const { tab } = await sharerWithTab({
        settings: { 'STUN / TURN servers (JSON)': JSON.stringify([broken]) },
        relayOnly: true,
      });
      const { popup, link } = await share(tab);
      const helper = await HelperPage.open(env.helperBrowser.browser, link);
      await helper.knock('Ana');
      // Within 15 s of the join, neither side is left with a spinner and no reason.
      await expect.poll(() => helper.message(), { timeout: 15_000 }).toContain(helperSays);
      await popup.waitForText(sharerSays, 15_000);
    },
  );
});
