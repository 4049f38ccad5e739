import { startServer } from '../../src/server/server.ts';
import { serveAnimatedPage } from '../e2e/support/animated-page.ts';
import { launchHelper, launchSharer } from '../e2e/support/browsers.ts';
import { HelperPage, OptionsPage, SharedTab } from '../e2e/support/pages.ts';
import { summary } from './stats.ts';

/**
 * Lookover in two real browsers on loopback: a helper clicks Join -> the request (with its code)
 * reaches the sharer; the sharer clicks Allow -> the first frame is decoded on the helper. The
 * broker's message and byte counts give the signaling cost of a set-up and of a connected minute.
 */
export async function lookoverSession(runs: number, idleSeconds: number) {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const site = await serveAnimatedPage();
  const sharer = await launchSharer();
  const helperBrowser = await launchHelper();
  const joinToRequest: number[] = [];
  const allowToPicture: number[] = [];
  const setupMessages: number[] = [];
  const setupBytes: number[] = [];
  let idle = { messagesPerMinute: NaN, bytesPerMinute: NaN };
  try {
    await (await OptionsPage.open(sharer.browser)).useServer(server.url, server.brokerUrl);
    const tab = await SharedTab.open(sharer.browser, site.url);
    const { popup, link } = await tab.startSharing('tab');
    for (let run = 0; run < runs; run++) {
      const before = server.traffic();
      const helper = await HelperPage.open(helperBrowser.browser, link);
      await helper.waitForPhase('naming');
      await helper.page.locator('::-p-aria([name="Your name"])').fill(`Run ${run}`);
      let t = performance.now();
      await helper.page.locator('::-p-aria([name="Join"][role="button"])').click();
      await popup.requestCode(`Run ${run}`);
      joinToRequest.push(performance.now() - t);
      t = performance.now();
      await popup.allow(`Run ${run}`);
      await helper.waitForPhase('live');
      allowToPicture.push(performance.now() - t);
      const after = server.traffic();
      setupMessages.push(after.messages - before.messages);
      setupBytes.push(after.bytes - before.bytes);
      if (run === runs - 1 && idleSeconds > 0) {
        const start = server.traffic();
        await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
        const end = server.traffic();
        idle = {
          messagesPerMinute: ((end.messages - start.messages) * 60) / idleSeconds,
          bytesPerMinute: ((end.bytes - start.bytes) * 60) / idleSeconds,
        };
      }
      await popup.remove(`Run ${run}`);
      await helper.page.browserContext().close();
    }
  } finally {
    await sharer.close();
    await helperBrowser.close();
    await site.close();
    await server.close();
  }
  return {
    joinToRequestMs: summary(joinToRequest),
    allowToFirstFrameMs: summary(allowToPicture),
    signalingPerSetup: { messages: summary(setupMessages), bytes: summary(setupBytes) },
    signalingWhenConnected: idle,
  };
}
