import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { countColorIn, INK_GREEN, sessionStats, type HelperPage, type SharedTab } from './support/pages.ts';
import { frameCountGrows, useSession } from './support/session.ts';

const { sharerWithTab, share, admitHelper } = useSession();

/** Green ink in a box of the sharer's tab (fractions of the viewport). */
const green = (tab: SharedTab, x0: number, y0: number, x1: number, y1: number) =>
  tab.countColor(INK_GREEN, x0, y0, x1, y1);
const shows = (tab: SharedTab, x0: number, y0: number, x1: number, y1: number) =>
  expect.poll(() => green(tab, x0, y0, x1, y1), { timeout: 10_000 }).toBeGreaterThan(3);

async function readyToDraw(helper: HelperPage) {
  await helper.use('Green');
  // Deterministic checks: strokes stay until removed (vanishing ink is covered by unit tests).
  await helper.use('Keep strokes');
}

describe('helpers draw on the sharer’s real tab', () => {
  it('an arrow, a rectangle and a text label land where drawn; undo removes the last', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link);
    await readyToDraw(helper);
    // Nothing green on the page before: the checks below cannot pass by accident.
    expect(await green(tab, 0, 0, 1, 1)).toBe(0);

    await helper.use('Arrow');
    await helper.drag([0.1, 0.55], [0.3, 0.55]);
    await shows(tab, 0.18, 0.54, 0.22, 0.56);

    await helper.use('Rectangle');
    await helper.drag([0.4, 0.45], [0.6, 0.7]);
    await shows(tab, 0.48, 0.44, 0.52, 0.46); // top edge
    await shows(tab, 0.39, 0.56, 0.41, 0.6); // left edge
    expect(await green(tab, 0.45, 0.52, 0.55, 0.63)).toBe(0); // an outline, not filled

    await helper.use('Text');
    await helper.label([0.7, 0.8], 'Click here');
    await shows(tab, 0.7, 0.8, 0.86, 0.87);

    await helper.use('Undo');
    await expect.poll(() => green(tab, 0.7, 0.8, 0.86, 0.87), { timeout: 10_000 }).toBe(0);
    expect(await green(tab, 0.48, 0.44, 0.52, 0.46)).toBeGreaterThan(3);
    expect(await green(tab, 0.18, 0.54, 0.22, 0.56)).toBeGreaterThan(3);

    // The sharer can clear everything from the popup.
    await popup.page.locator('::-p-aria([name="Clear annotations"][role="button"])').click();
    await expect.poll(() => green(tab, 0, 0, 1, 1), { timeout: 10_000 }).toBe(0);
  });

  it('"Save snapshot" downloads the picture with the helper’s annotations drawn on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lookover-snapshot-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link, 'Ana', { downloadPath: dir });
    await readyToDraw(helper);
    await helper.use('Rectangle');
    await helper.drag([0.4, 0.45], [0.6, 0.7]);
    await shows(tab, 0.48, 0.44, 0.52, 0.46);
    // Hidden on the tab, and so gone from the captured picture: green in the snapshot can only be
    // the helper's own ink drawn onto the frame.
    await popup.page.locator('::-p-aria([name="Hide annotations"][role="button"])').click();
    await expect.poll(() => green(tab, 0, 0, 1, 1), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => frameCountGrows(helper), { timeout: 10_000 }).toBe(true);

    const { name, png } = await helper.saveSnapshot(dir);
    expect(name).toMatch(/^lookover-snapshot-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.png$/);
    const video = await helper.video();
    expect([png.width, png.height]).toEqual([video.width, video.height]);
    expect(countColorIn(png, INK_GREEN, 0.48, 0.44, 0.52, 0.46)).toBeGreaterThan(3); // top edge
    expect(countColorIn(png, INK_GREEN, 0.45, 0.52, 0.55, 0.63)).toBe(0); // an outline, not filled
    // The frame itself is in it: the page's background, opaque, away from the rectangle.
    expect(countColorIn(png, [0xe9, 0xee, 0xf3], 0, 0.85, 1, 1)).toBeGreaterThan(1000);
  });

  it('with the helper zoomed in, a stroke still lands where it was drawn', async () => {
    const { tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link);
    await readyToDraw(helper);
    await helper.zoomIn(2);
    await helper.use('Rectangle');
    await helper.drag([0.45, 0.45], [0.58, 0.6]);
    await shows(tab, 0.5, 0.44, 0.53, 0.46); // top edge, at the frame position, not the screen one
    await shows(tab, 0.44, 0.5, 0.46, 0.55); // left edge
    expect(await green(tab, 0, 0, 0.3, 0.3)).toBe(0);
  });

  it('a flood of messages leaves the sharer’s tab responsive', async () => {
    const { sharer, tab } = await sharerWithTab();
    const { popup, link } = await share(tab);
    const helper = await admitHelper(popup, link, 'Ana', { spy: true });
    const before = await sessionStats(sharer.browser);
    // The same tab, same machine, same moment, without the flood: what "responsive" is measured against.
    const framesBefore = await tab.framesIn(1500);

    // 10,000 pointer moves and 10,000 stroke messages a second, for two seconds.
    const flood = helper.page.evaluate(async () => {
      const channels = (window as unknown as { lookoverTestChannels: RTCDataChannel[] }).lookoverTestChannels;
      const pointer = channels.find((c) => c.label === 'pointer')!;
      const ink = channels.find((c) => c.label === 'ink')!;
      ink.send(
        JSON.stringify({
          v: 1,
          t: 'begin',
          id: 'flood',
          tool: 'pen',
          color: '#ff3b30',
          width: 1,
          pinned: true,
          pts: [0.5, 0.5],
        }),
      );
      for (let tick = 0; tick < 20; tick++) {
        for (let i = 0; i < 500; i++) {
          const x = (i % 100) / 100;
          pointer.send(JSON.stringify({ t: 'pointer', x, y: 0.5 }));
          ink.send(JSON.stringify({ v: 1, t: 'add', id: 'flood', pts: [x, 0.9] }));
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const framesDuringFlood = await tab.framesIn(1500);
    await flood;

    // The tab kept painting at most of its own pace, and the flood was mostly kept away from it.
    expect(framesDuringFlood).toBeGreaterThan(framesBefore * 0.6);
    await expect
      .poll(async () => (await sessionStats(sharer.browser)).limitedInk - before.limitedInk)
      .toBeGreaterThan(5000);
    const after = await sessionStats(sharer.browser);
    expect(after.toOverlay - before.toOverlay).toBeLessThan(2000);
    // The session still works: a pointer move shows up where it should.
    await helper.pointAt(0.3, 0.3);
    await expect.poll(() => tab.pointerShownAt(0.3, 0.3), { timeout: 10_000 }).toBe(true);
  });
});
