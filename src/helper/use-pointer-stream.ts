import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';
import { encodePointerMessage, type PointerMessage } from '../core/protocol/pointer.ts';
import { createThrottle } from '../core/util/throttle.ts';
import type { Gesture } from './use-pan-zoom.ts';
import type { Channels } from './use-join.ts';
import type { StageFrame } from './use-stage-frame.ts';

/** One pointer message to the sharer, if the `pointer` channel is open (unordered: a lost one is replaced by the next). */
export function sendPointer(channels: RefObject<Channels>, message: PointerMessage) {
  const channel = channels.current.pointer;
  if (channel?.readyState === 'open') channel.send(encodePointerMessage(message));
}

/** A `pointerrawupdate` this recent means that event carries the pointer (browsers without it use moves). */
const RAW_GRACE_MS = 100;

/**
 * The helper's pointer, sent to the sharer as a frame position on the unordered `pointer` channel.
 * Moves do not wait for the next frame: the first goes at once, a burst at one per frame.
 */
export function usePointerStream(
  stageRef: RefObject<HTMLElement | null>,
  frame: StageFrame,
  channels: RefObject<Channels>,
  gesture: Gesture,
) {
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const abort = new AbortController();
    const { signal } = abort;
    const out = createThrottle<PointerMessage>((message) => sendPointer(channels, message));
    const sendAt = (event: PointerEvent) => {
      const point = frame.toFrame(frame.local(event));
      out.call(point ? { t: 'pointer', ...point } : { t: 'pointer-leave' });
    };

    // `pointermove` waits for the next frame (Chrome aligns it to rendering); `pointerrawupdate`
    // comes as the input arrives, so the pointer leaves up to a frame sooner. Strokes still follow
    // `pointermove`, which the local drawing needs per frame anyway.
    let rawAt = -Infinity;
    stage.addEventListener(
      'pointerrawupdate' as 'pointermove',
      (event) => {
        if (gesture.busy()) return;
        rawAt = performance.now();
        sendAt(event);
      },
      { signal },
    );
    stage.addEventListener(
      'pointermove',
      (event) => {
        if (!gesture.took(event) && performance.now() - rawAt > RAW_GRACE_MS) sendAt(event);
      },
      { signal },
    );
    stage.addEventListener('pointerleave', () => out.call({ t: 'pointer-leave' }), { signal });
    return () => {
      abort.abort();
      out.cancel();
    };
  }, []);
}
