import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LIMITS, type ServerLimits } from '../../src/server/limits.ts';

// The floor: the least a tab-sharing pair can do. Raw getDisplayMedia and RTCPeerConnection, with
// plaintext JSON signaling over the same broker: no encryption, no consent, no overlay, no
// contentHint. Topic names follow Lookover's shape only so the embedded broker's ACL lets them by.
// What it is measured for: docs/decisions/0001-measured-against-floor-and-trystero.md.

/** The floor's sharer, added to the barcode page: it captures its own tab when Start is clicked. */
const FLOOR_SHARER = `<script type="module">
import mqtt from '/mqtt.esm.js';
const q = new URLSearchParams(location.search);
const room = q.get('room');
document.getElementById('start').onclick = async () => {
  // The page shares itself: Chrome leaves the calling tab out of the picker unless asked.
  const stream = await navigator.mediaDevices.getDisplayMedia({
    video: { frameRate: 30, width: { max: 1920 }, height: { max: 1080 } },
    audio: false,
    selfBrowserSurface: 'include',
    preferCurrentTab: true,
  });
  // The sharpness rows (sharpness.ts) vary one choice at a time: content hint, degradation
  // preference, codec, under a bitrate cap. Without these parameters the floor keeps the defaults.
  if (q.get('hint')) stream.getVideoTracks()[0].contentHint = q.get('hint');
  const client = mqtt.connect(q.get('broker'));
  const peers = new Map();
  client.on('connect', () => client.subscribe('lookover/v1/' + room + '/sharer', { qos: 1 }, () => (window.ready = true)));
  client.on('message', async (_topic, payload) => {
    const msg = JSON.parse(payload.toString());
    const to = 'lookover/v1/' + room + '/helper/' + msg.from;
    const send = (m) => client.publish(to, JSON.stringify(m), { qos: 1 });
    let pc = peers.get(msg.from);
    if (msg.type === 'join' && !pc) {
      pc = new RTCPeerConnection({ iceServers: JSON.parse(q.get('ice') || '[]') });
      peers.set(msg.from, pc);
      // Across networks the floor is timed to its data channel too, as Lookover is (networks.ts).
      if (q.get('dc')) pc.createDataChannel('floor');
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      const [video] = pc.getTransceivers();
      const codec = q.get('codec');
      if (codec) {
        const all = RTCRtpSender.getCapabilities('video').codecs;
        const first = (c) => c.mimeType.toLowerCase() === 'video/' + codec.toLowerCase();
        video.setCodecPreferences([...all.filter(first), ...all.filter((c) => !first(c))]);
      }
      const params = video.sender.getParameters();
      if (q.get('pref')) params.degradationPreference = q.get('pref');
      if (q.get('kbps')) params.encodings[0].maxBitrate = Number(q.get('kbps')) * 1000;
      await video.sender.setParameters(params);
      pc.onicecandidate = (e) => send({ type: 'ice', candidate: e.candidate });
      await pc.setLocalDescription(await pc.createOffer());
      send({ type: 'offer', sdp: pc.localDescription.sdp });
    } else if (msg.type === 'answer' && pc) await pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
    else if (msg.type === 'ice' && pc && msg.candidate) await pc.addIceCandidate(msg.candidate);
  });
};
</script>`;

const HELPER = `<!doctype html><meta charset="utf-8"><title>floor helper</title>
<style>html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%;object-fit:contain}</style>
<video autoplay muted playsinline></video>
<script type="module">
import mqtt from '/mqtt.esm.js';
const q = new URLSearchParams(location.search);
const room = q.get('room');
const me = Math.random().toString(36).slice(2, 12);
const client = mqtt.connect(q.get('broker'));
const sharer = 'lookover/v1/' + room + '/sharer';
const send = (m) => client.publish(sharer, JSON.stringify({ ...m, from: me }), { qos: 1 });
let pc = null;
let retry = null;
client.on('connect', () => {
  client.subscribe('lookover/v1/' + room + '/helper/' + me, { qos: 1 }, () => {
    send({ type: 'join' });
    retry = setInterval(() => send({ type: 'join' }), 1000);
  });
});
client.on('message', async (_topic, payload) => {
  const msg = JSON.parse(payload.toString());
  if (msg.type === 'offer' && !pc) {
    clearInterval(retry);
    pc = new RTCPeerConnection({ iceServers: JSON.parse(q.get('ice') || '[]') });
    pc.ontrack = (e) => (document.querySelector('video').srcObject = e.streams[0]);
    // Marked as the timing probe marks the channels Lookover's helper opens itself.
    pc.ondatachannel = (e) => (e.channel.onopen = () => (window.benchChannelAt ??= Date.now()));
    pc.onicecandidate = (e) => send({ type: 'ice', candidate: e.candidate });
    await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    send({ type: 'answer', sdp: pc.localDescription.sdp });
  } else if (msg.type === 'ice' && pc && msg.candidate) await pc.addIceCandidate(msg.candidate);
});
</script>`;

/** A page worth sharing that paints the current time as a barcode, for glass-to-glass latency. */
export const barcodePage = (title: string, floor: boolean, text = false) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<style>html,body{margin:0;height:100%;background:#e9eef3;font:16px sans-serif;overflow:hidden}
#box{position:absolute;top:120px;left:0;width:120px;height:80px;background:#2b6cb0}
canvas{position:absolute;left:0;bottom:0}</style></head>
<body><canvas id="code" width="${BLOCK * BITS}" height="${BLOCK}"></canvas>
<button id="start" style="position:absolute;right:8px;bottom:8px">Start</button><h1 style="margin:240px 40px">Checkout form</h1><div id="box"></div>${text ? TEXT : ''}
<script>
const ctx = document.getElementById('code').getContext('2d');
const box = document.getElementById('box');
let t = 0;
(function frame() {
  const now = Date.now();
  // 8 marker bits (10110010), then the time in ms modulo 2^32, most significant bit first.
  const bits = [1,0,1,1,0,0,1,0];
  for (let i = 31; i >= 0; i--) bits.push(Math.floor(now / 2 ** i) % 2);
  bits.forEach((bit, i) => { ctx.fillStyle = bit ? '#fff' : '#000'; ctx.fillRect(i * ${BLOCK}, 0, ${BLOCK}, ${BLOCK}); });
  t += 1; box.style.transform = 'translateX(' + (t * 4 % 600) + 'px)';
  requestAnimationFrame(frame);
})();
</script>${floor ? FLOOR_SHARER : ''}</body></html>`;
/** Small dense text where sharpness is read off the helper's video (sharpness.ts). */
export const TEXT_AREA = { left: 660, top: 300, width: 560, height: 300 };
const TEXT = `<div style="position:absolute;left:${TEXT_AREA.left}px;top:${TEXT_AREA.top}px;width:${TEXT_AREA.width}px;height:${TEXT_AREA.height}px;overflow:hidden;font:12px/15px sans-serif;color:#222">${'Order 4711 shipped to Jane Roe, 12 Elm Street, Springfield. Total 128.40 EUR incl. VAT; card ending 0042. '.repeat(30)}</div>`;
export const BLOCK = 24;
export const BITS = 40;

/** Serves the floor pair, the barcode page and mqtt.js's browser build on one local port. */
/**
 * The embedded broker's limits with the bench pages' origin let in: the floor's pages, served from
 * their own port, connect to it from the browser (docs/decisions/0018-broker-limits.md).
 */
export const benchPagesMayConnect = (pagesUrl: string): Partial<ServerLimits> => ({
  allowedOrigins: [...DEFAULT_LIMITS.allowedOrigins, pagesUrl],
});

export async function serveBenchPages(title: string, port = 0) {
  const mqttJs = readFileSync('node_modules/mqtt/dist/mqtt.esm.js');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = {
      '/helper.html': HELPER,
      '/barcode.html': barcodePage(title, false),
      '/barcode-text.html': barcodePage(title, false, true),
      '/floor.html': barcodePage(title, true),
      '/floor-text.html': barcodePage(title, true, true),
      '/still.html': `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>A page that does not move</h1>`,
    }[path];
    if (path === '/mqtt.esm.js') {
      res.setHeader('Content-Type', 'text/javascript');
      return res.end(mqttJs);
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.statusCode = body ? 200 : 404;
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
