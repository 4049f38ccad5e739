import { randomId } from '../../src/core/util/bytes.ts';
import { startServer } from '../../src/server/server.ts';
import { launchHelper, launchSharer } from '../e2e/support/browsers.ts';
import { openHelper, startFloorSharer, windowFor } from './compare.ts';
import { benchPagesMayConnect, serveBenchPages, TEXT_AREA } from './floor-pages.ts';
import { measureSharpness } from './probes.ts';

/**
 * The effect of each text-sharpness choice on its own. The floor pair shares a page with small
 * dense text and a moving box at 1280x720, with one choice changed at a time, under a tight uplink
 * (a bitrate cap on the sender): where the encoder must give something up, does it keep the
 * resolution (text stays readable, frames drop) or the frame rate (text blurs)? See
 * docs/decisions/0016-vp8-first-text-over-smoothness.md.
 */
const VARIANTS: { name: string; query: Record<string, string> }[] = [
  {
    name: "Lookover's choices: hint `detail`, `maintain-resolution`, VP8",
    query: { hint: 'detail', pref: 'maintain-resolution', codec: 'VP8' },
  },
  { name: 'Browser defaults: no hint, `balanced`, VP8', query: { codec: 'VP8' } },
  { name: 'Hint `detail` only', query: { hint: 'detail', codec: 'VP8' } },
  { name: '`maintain-resolution` only', query: { pref: 'maintain-resolution', codec: 'VP8' } },
  {
    name: 'Hint `motion`, `maintain-framerate`, VP8',
    query: { hint: 'motion', pref: 'maintain-framerate', codec: 'VP8' },
  },
  {
    name: "Lookover's choices with VP9",
    query: { hint: 'detail', pref: 'maintain-resolution', codec: 'VP9' },
  },
];

export async function sharpness(kbps: number, seconds: number) {
  const title = `Lookover sharpness ${randomId().slice(0, 6)}`;
  const pages = await serveBenchPages(title);
  const server = await startServer({ port: 0, host: '127.0.0.1', limits: benchPagesMayConnect(pages.url) });
  const rows: ({ variant: string; kbpsCap: number } & Awaited<ReturnType<typeof measureSharpness>>)[] = [];
  try {
    for (const cap of [0, kbps]) {
      for (const variant of cap ? VARIANTS : VARIANTS.slice(0, 1)) {
        const sharer = await launchSharer([
          windowFor(720),
          `--auto-select-tab-capture-source-by-title=${title}`,
        ]);
        const helpers = await launchHelper();
        try {
          const room = randomId();
          const query = new URLSearchParams({
            room,
            broker: server.brokerUrl,
            ...variant.query,
            ...(cap ? { kbps: String(cap) } : {}),
          });
          await startFloorSharer(sharer.browser, `${pages.url}/floor-text.html?${query}`);
          const helper = await openHelper(helpers.browser, `${pages.url}/helper.html?${query}`);
          await helper.waitForFunction(
            () => (window as unknown as Record<string, number>).benchFirstFrameAt,
            { timeout: 30_000 },
          );
          // Let the bandwidth estimate and the encoder settle before reading.
          await new Promise((resolve) => setTimeout(resolve, 4000));
          const result = await helper.evaluate(measureSharpness, seconds * 1000, TEXT_AREA);
          rows.push({ variant: variant.name, kbpsCap: cap, ...result });
        } finally {
          await sharer.close();
          await helpers.close();
        }
      }
    }
  } finally {
    await pages.close();
    await server.close();
  }
  return rows;
}
