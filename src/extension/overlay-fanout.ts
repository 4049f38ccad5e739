import type { InkMessage } from '../core/protocol/ink.ts';
import type { PointerMessage } from '../core/protocol/pointer.ts';
import { createRateLimiter } from '../core/util/rate-limit.ts';
import { createThrottle } from '../core/util/throttle.ts';
import { OVERLAY_PORT, type OverlayMessage } from './messages.ts';

/** The part of `Runtime.Port` the fan-out uses, so tests can pass a fake. */
export interface OverlayPort {
  name: string;
  sender?: { tab?: { id?: number } };
  postMessage(message: OverlayMessage): void;
  disconnect(): void;
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * What helpers send, passed on to the overlay of the shared tab (it may reconnect after every
 * navigation, so the latest frame size and status are replayed to a new port). A flood must not
 * reach the shared tab: strokes are capped per helper, and pointer moves go through a leading-edge
 * throttle per helper, so at most one per frame (16 ms; offscreen documents are hidden, so there is
 * no requestAnimationFrame) and none waits when quiet (docs/decisions/0015-rate-limits-against-floods.md).
 */
/**
 * `replay` says what a port that connects later must also be told (pause, whether annotations
 * show): it is read from the session's state when a port connects, so it is never a stale copy.
 */
export function createOverlayFanout(replay: () => OverlayMessage[]) {
  const ports = new Set<OverlayPort>();
  let frame: OverlayMessage | null = null;
  const counts = { limitedInk: 0, toOverlay: 0 };
  const inkRate = createRateLimiter({ burst: 400, perSecond: 200 });
  const pointerThrottles = new Map<string, ReturnType<typeof createThrottle<OverlayMessage>>>();

  const post = (message: OverlayMessage) => {
    counts.toOverlay++;
    for (const port of ports) port.postMessage(message);
  };

  return {
    counts,
    post,
    /** The captured frame's size: pointers and strokes are placed relative to it. */
    setFrame(width: number, height: number) {
      frame = { type: 'frame', width, height };
      post(frame);
    },
    /** `accept` decides whether this port belongs to the share (the shared tab, while it draws). */
    attach(port: OverlayPort, accept: boolean) {
      if (port.name !== OVERLAY_PORT) return;
      if (!accept) return port.disconnect();
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
      if (frame) port.postMessage(frame);
      for (const message of replay()) port.postMessage(message);
    },
    pointer(helperId: string, name: string, message: PointerMessage) {
      let throttle = pointerThrottles.get(helperId);
      if (!throttle) pointerThrottles.set(helperId, (throttle = createThrottle<OverlayMessage>(post)));
      throttle.call(
        message.t === 'pointer'
          ? { type: 'pointer', helperId, name, x: message.x, y: message.y }
          : { type: 'pointer-leave', helperId },
      );
    },
    /** `limiter` is the helper's own link, so a reload starts a fresh allowance. */
    ink(helperId: string, limiter: object, message: InkMessage) {
      if (!inkRate.allow(limiter)) return void counts.limitedInk++;
      post({ type: 'ink', helperId, message });
    },
    /** A helper is gone: a move still waiting in its throttle would otherwise put its pointer back. */
    forget(helperId: string) {
      pointerThrottles.get(helperId)?.cancel();
      pointerThrottles.delete(helperId);
      post({ type: 'pointer-leave', helperId });
    },
    disconnectAll() {
      for (const port of ports) port.disconnect();
      ports.clear();
    },
  };
}
export type OverlayFanout = ReturnType<typeof createOverlayFanout>;
