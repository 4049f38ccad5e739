import { execFileSync } from 'node:child_process';
import { startServer } from '../../src/server/server.ts';
import { serveAnimatedPage } from '../e2e/support/animated-page.ts';
import { launchHelper, launchSharer } from '../e2e/support/browsers.ts';
import { HelperPage, OptionsPage, SharedTab } from '../e2e/support/pages.ts';
import { summary } from './stats.ts';

const BENCH_EXTENSION = '.output/bench/chrome-mv3';

/**
 * A helper's pointer event -> that pointer painted in the sharer's overlay, on one machine clock.
 * The benchmark build's overlay posts each new pointer position with its draw time to the page (the
 * pointer canvas is `desynchronized`, so Chrome shows a draw without waiting for the page's next
 * frame; before that, the draw waited for the overlay's animation frame); the helper page records
 * its pointermove times. Moves go at ~25 Hz so each one can be painted (faster
 * ones are coalesced by design, and would have no paint of their own). The floor is the data
 * channel's one-way time, RTT/2, from the helper's ICE candidate pair in the same run.
 */
export async function pointerLatency(events: number) {
  execFileSync('npx', ['wxt', 'build'], { env: { ...process.env, LOOKOVER_BENCH: '1' }, stdio: 'ignore' });
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const site = await serveAnimatedPage();
  const sharer = await launchSharer([], BENCH_EXTENSION);
  const helpers = await launchHelper();
  try {
    await (await OptionsPage.open(sharer.browser)).useServer(server.url, server.brokerUrl);
    const tab = await SharedTab.open(sharer.browser, site.url);
    const { popup, link } = await tab.startSharing('tab');
    const helper = await HelperPage.open(helpers.browser, link, { spy: true });
    await helper.knock('Bench');
    await popup.allow('Bench');
    await helper.waitForPhase('live');

    await tab.page.evaluate(() => {
      const paints: { x: number; y: number; t: number; received: number }[] = [];
      Object.assign(window, { benchPaints: paints });
      addEventListener('message', ({ data }) => {
        if (typeof data !== 'string' || !data.includes('lookoverBenchPaint')) return;
        paints.push(
          (JSON.parse(data) as { lookoverBenchPaint: { x: number; y: number; t: number; received: number } })
            .lookoverBenchPaint,
        );
      });
    });
    await helper.page.evaluate(() => {
      const moves: number[] = [];
      Object.assign(window, { benchMoves: moves });
      addEventListener('pointermove', (e) => moves.push(performance.timeOrigin + e.timeStamp), {
        capture: true,
      });
    });

    // Distinct positions on a grid, so each paint matches one move.
    const targets = Array.from({ length: events }, (_, i) => ({
      x: 0.1 + (i % 40) * 0.02,
      y: 0.15 + (Math.floor(i / 40) % 30) * 0.025,
    }));
    const rtts: number[] = [];
    for (const [i, target] of targets.entries()) {
      const p = await helper.clientPoint(target.x, target.y);
      await helper.page.mouse.move(p.x, p.y);
      await new Promise((resolve) => setTimeout(resolve, 40));
      if (i % 50 === 0) {
        const rtt = await helper.page.evaluate(async () => {
          const peers = (window as unknown as { lookoverTestPeers: RTCPeerConnection[] }).lookoverTestPeers;
          for (const stat of (await peers[0]!.getStats()).values()) {
            if (stat.type === 'candidate-pair' && stat.nominated && stat.currentRoundTripTime !== undefined) {
              return stat.currentRoundTripTime * 1000;
            }
          }
          return NaN;
        });
        if (!Number.isNaN(rtt)) rtts.push(rtt);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const moves = await helper.page.evaluate(
      () => (window as unknown as { benchMoves: number[] }).benchMoves,
    );
    const paints = await tab.page.evaluate(
      () =>
        (window as unknown as { benchPaints: { x: number; y: number; t: number; received: number }[] })
          .benchPaints,
    );
    const latencies: number[] = [];
    const delivered: number[] = [];
    targets.forEach((target, i) => {
      const movedAt = moves[i];
      if (movedAt === undefined) return;
      const paint = paints.find(
        (p) => p.t >= movedAt && Math.abs(p.x - target.x) < 0.004 && Math.abs(p.y - target.y) < 0.004,
      );
      if (!paint) return;
      latencies.push(paint.t - movedAt);
      delivered.push(paint.received - movedAt);
    });
    return {
      events,
      matched: latencies.length,
      pointerToPaintMs: summary(latencies),
      // The same path up to the overlay's message handler, before it waits for its frame to draw.
      pointerToOverlayMs: summary(delivered),
      dataChannelOneWayMs: summary(rtts.map((rtt) => rtt / 2)),
    };
  } finally {
    await sharer.close();
    await helpers.close();
    await site.close();
    await server.close();
  }
}
