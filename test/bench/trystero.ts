import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import mqtt from 'mqtt';
import { launchHelper } from '../e2e/support/browsers.ts';
import { startMosquitto } from './brokers.ts';
import { freshPage } from './fresh-page.ts';
import { summary } from './stats.ts';

const PAGE = `<!doctype html><meta charset="utf-8"><title>trystero</title><script type="module" src="/app.js"></script>`;
const APP = `
import { joinRoom } from '@trystero-p2p/mqtt';
const q = new URLSearchParams(location.search);
window.joinedAt = Date.now();
// When this page's broker connection opens (the same start as Lookover's row).
const Socket = WebSocket;
window.WebSocket = class extends Socket {
  constructor(url, protocols) {
    super(url, protocols);
    this.addEventListener('open', () => (window.brokerOpenAt ??= Date.now()));
  }
};
// No STUN, as for Lookover and the floor: its default public ones are unreachable on loopback.
const room = joinRoom(
  { appId: 'lookover-bench', relayConfig: { urls: [q.get('broker')], redundancy: 1 }, rtcConfig: { iceServers: [] } },
  q.get('room'),
);
room.onPeerJoin = () => (window.peerAt ??= Date.now());
`;

/**
 * The peer: Trystero's MQTT strategy, cold, two browsers joining one room through a local
 * Mosquitto (its topics are not Lookover's, so the embedded broker would rightly refuse them).
 * Time from the later of the two joins to each side's onPeerJoin (its data channel open), and the
 * broker messages and bytes that took, counted by a subscriber to `#`.
 */
export async function trysteroReference(runs: number, idleSeconds: number) {
  const bundle = await build({
    stdin: { contents: APP, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const app = bundle.outputFiles[0]!.text;
  const http = createServer((req, res) => {
    const js = req.url?.startsWith('/app.js');
    res.setHeader('Content-Type', js ? 'text/javascript' : 'text/html');
    res.end(js ? app : PAGE);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const broker = await startMosquitto();
  const counter = await mqtt.connectAsync(broker.url);
  const traffic = { messages: 0, bytes: 0 };
  counter.on('message', (_topic, payload) => {
    traffic.messages++;
    traffic.bytes += payload.length;
  });
  await counter.subscribeAsync('#');
  const a = await launchHelper();
  const b = await launchHelper();
  const joinToPeer: number[] = [];
  const brokerToPeer: number[] = [];
  const messages: number[] = [];
  const bytes: number[] = [];
  let idle = { messagesPerMinute: NaN, bytesPerMinute: NaN };
  try {
    for (let run = 0; run < runs; run++) {
      const url = `${base}/?room=room-${run}-${Math.random().toString(36).slice(2)}&broker=${encodeURIComponent(broker.url)}`;
      const before = { ...traffic };
      const pages = await Promise.all([a, b].map((launched) => freshPage(launched.browser)));
      for (const page of pages) {
        page.on('console', (m) => process.env.BENCH_DEBUG && console.log('trystero page:', m.text()));
        page.on('pageerror', (e) => console.log('trystero page error:', e));
      }
      await Promise.all(pages.map((page) => page.goto(url)));
      const times = await Promise.all(
        pages.map(async (page) => {
          await page.waitForFunction(() => (window as unknown as { peerAt?: number }).peerAt, {
            timeout: 60_000,
          });
          return page.evaluate(() => {
            const w = window as unknown as { joinedAt: number; peerAt: number; brokerOpenAt: number };
            return { joinedAt: w.joinedAt, peerAt: w.peerAt, brokerOpenAt: w.brokerOpenAt };
          });
        }),
      );
      const lastJoin = Math.max(...times.map((t) => t.joinedAt));
      const lastBroker = Math.max(...times.map((t) => t.brokerOpenAt));
      for (const t of times) {
        joinToPeer.push(t.peerAt - lastJoin);
        brokerToPeer.push(t.peerAt - lastBroker);
      }
      messages.push(traffic.messages - before.messages);
      bytes.push(traffic.bytes - before.bytes);
      if (run === runs - 1 && idleSeconds > 0) {
        const start = { ...traffic };
        await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
        idle = {
          messagesPerMinute: ((traffic.messages - start.messages) * 60) / idleSeconds,
          bytesPerMinute: ((traffic.bytes - start.bytes) * 60) / idleSeconds,
        };
      }
      await Promise.all(pages.map((page) => page.browserContext().close()));
    }
  } finally {
    await a.close();
    await b.close();
    await counter.endAsync();
    await broker.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
  return {
    joinToDataChannelOpenMs: summary(joinToPeer),
    brokerToDataChannelOpenMs: summary(brokerToPeer),
    signalingPerSetup: { messages: summary(messages), bytes: summary(bytes) },
    signalingWhenConnected: idle,
  };
}
