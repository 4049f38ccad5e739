import { BITS, BLOCK } from './floor-pages.ts';

/**
 * Runs in a helper page before it loads (evaluateOnNewDocument): records when the first video
 * frame is presented, and on the helper's peer connection when the offer arrived and when ICE
 * connected. Same for Lookover's helper page and the floor's, so they are measured alike.
 */
export function installTimingProbe() {
  const w = window as unknown as Record<string, number>;
  // When the page's broker connection opens: the like-for-like start against Trystero's timer.
  const OriginalSocket = WebSocket;
  window.WebSocket = class extends OriginalSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => (w.benchBrokerOpenAt ??= Date.now()));
    }
  };
  const Original = RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      ((window as unknown as { benchPeers?: RTCPeerConnection[] }).benchPeers ??= []).push(this);
      // The first data channel open is "connected", the moment Trystero's onPeerJoin reports.
      // Lookover's helper opens its channels; the floor's has none.
      const opened = () => (w.benchChannelAt ??= Date.now());
      const create = this.createDataChannel.bind(this);
      this.createDataChannel = (label, init) => {
        const channel = create(label, init);
        channel.addEventListener('open', opened);
        return channel;
      };
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected' && !w.benchIceConnectedAt)
          w.benchIceConnectedAt = Date.now();
        const sent = performance.getEntriesByName('lookover:offer-sent')[0];
        if (sent && !w.benchOfferAt) w.benchOfferAt = Math.round(performance.timeOrigin + sent.startTime);
      });
    }
    // The floor's helper receives an offer; Lookover's helper sends one in its join, and marks when.
    override setRemoteDescription(description: RTCSessionDescriptionInit) {
      if (description.type === 'offer' && !w.benchOfferAt) w.benchOfferAt = Date.now();
      return super.setRemoteDescription(description);
    }
  };
  // Not requestAnimationFrame: it does not run in a page that is not visible.
  const seen = new WeakSet<HTMLVideoElement>();
  new MutationObserver(() => {
    for (const video of document.querySelectorAll('video')) {
      if (seen.has(video)) continue;
      seen.add(video);
      video.requestVideoFrameCallback(() => (w.benchFirstFrameAt ??= Date.now()));
    }
  }).observe(document, { childList: true, subtree: true });
}

/**
 * Runs in a helper page once video plays: reads the barcode the shared page paints (its clock in
 * ms) off every presented frame for `ms`, so latency = now - the time the page painted. Both
 * browsers run on this machine, so one clock. Also counts frames and the gaps between them.
 */
export function measureGlassToGlass(ms: number, block: number, bits: number) {
  return new Promise<{ latencies: number[]; gaps: number[]; frames: number; width: number; height: number }>(
    (resolve) => {
      const video = document.querySelector('video')!;
      const canvas = document.createElement('canvas');
      canvas.width = block * bits;
      canvas.height = block;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const latencies: number[] = [];
      const gaps: number[] = [];
      let frames = 0;
      let last = 0;
      const start = performance.now();
      const MARKER = [1, 0, 1, 1, 0, 0, 1, 0];
      const onFrame = (now: number) => {
        frames++;
        if (last) gaps.push(now - last);
        last = now;
        const seenAt = Date.now();
        // The barcode is at the bottom-left of the page (clear of Lookover's "being shared" badge at
        // the top), at 1 CSS pixel per video pixel.
        ctx.drawImage(video, 0, video.videoHeight - block, block * bits, block, 0, 0, block * bits, block);
        const data = ctx.getImageData(0, 0, block * bits, block).data;
        const bit = (i: number) =>
          data[((block >> 1) * block * bits + i * block + (block >> 1)) * 4]! > 128 ? 1 : 0;
        if (MARKER.every((b, i) => bit(i) === b)) {
          let painted = 0;
          for (let i = 0; i < 32; i++) painted = painted * 2 + bit(8 + i);
          const latency = (seenAt % 2 ** 32) - painted;
          if (latency >= 0 && latency < 5000) latencies.push(latency);
        }
        if (performance.now() - start < ms) video.requestVideoFrameCallback(onFrame);
        else resolve({ latencies, gaps, frames, width: video.videoWidth, height: video.videoHeight });
      };
      video.requestVideoFrameCallback(onFrame);
    },
  );
}
export const BARCODE = { block: BLOCK, bits: BITS };

/**
 * Runs in a helper page while video plays: every 500 ms, the received frame size and rate (getStats)
 * and how sharp the text in `area` is. Sharpness: the decoded frame drawn at the captured size (a frame
 * the encoder scaled down comes back blurred), then the mean absolute Laplacian of its luminance over
 * the text: edges are what make small text readable.
 */
export function measureSharpness(
  ms: number,
  area: { left: number; top: number; width: number; height: number },
) {
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  return new Promise<{ width: number; height: number; fps: number; edges: number; kbps: number }>(
    (resolve) => {
      const video = document.querySelector('video')!;
      const peer = (window as unknown as { benchPeers: RTCPeerConnection[] }).benchPeers.at(-1)!;
      const captured = { width: 1280, height: 720 };
      const canvas = document.createElement('canvas');
      canvas.width = captured.width;
      canvas.height = captured.height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const samples = {
        width: [] as number[],
        height: [] as number[],
        fps: [] as number[],
        edges: [] as number[],
        kbps: [] as number[],
      };
      let lastBytes = 0;
      let lastAt = 0;
      const sample = async () => {
        for (const stat of (await peer.getStats()).values()) {
          if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') continue;
          samples.width.push(stat.frameWidth ?? 0);
          samples.height.push(stat.frameHeight ?? 0);
          samples.fps.push(stat.framesPerSecond ?? 0);
          if (lastAt) samples.kbps.push(((stat.bytesReceived - lastBytes) * 8) / (stat.timestamp - lastAt));
          lastBytes = stat.bytesReceived;
          lastAt = stat.timestamp;
        }
        ctx.drawImage(video, 0, 0, captured.width, captured.height);
        const { data } = ctx.getImageData(area.left, area.top, area.width, area.height);
        const luma = (x: number, y: number) => {
          const i = (y * area.width + x) * 4;
          return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        };
        let sum = 0;
        for (let y = 1; y < area.height - 1; y++)
          for (let x = 1; x < area.width - 1; x++)
            sum += Math.abs(
              4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1),
            );
        samples.edges.push(sum / ((area.width - 2) * (area.height - 2)));
      };
      const started = performance.now();
      const timer = setInterval(() => {
        if (performance.now() - started >= ms) {
          clearInterval(timer);
          resolve({
            width: median(samples.width),
            height: median(samples.height),
            fps: median(samples.fps),
            edges: Math.round(median(samples.edges) * 100) / 100,
            kbps: Math.round(median(samples.kbps)),
          });
        } else void sample();
      }, 500);
    },
  );
}
