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
