import { useEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';
import { toFramePoint } from '../core/geometry.ts';
import { encodePointerMessage, type PointerMessage } from '../core/protocol/pointer.ts';

/**
 * The shared picture. Pointer moves are sent as fractions of the video frame (letterbox bars
 * excluded), at most once per animation frame: the latest position wins.
 */
export function PointerVideo(props: {
  stream: MediaStream;
  pointer: RefObject<RTCDataChannel | null>;
  onFirstFrame: () => void;
  hidden: boolean;
}) {
  const { stream, pointer, onFirstFrame, hidden } = props;
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    let done = false;
    const first = () => {
      if (done) return;
      done = true;
      onFirstFrame();
    };
    element.requestVideoFrameCallback(first);
    void element.play().catch(() => undefined);
    return () => {
      done = true;
    };
  }, [stream]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let queued: PointerMessage | null = null;
    let frame = 0;
    const flush = () => {
      frame = 0;
      const channel = pointer.current;
      if (queued && channel?.readyState === 'open') channel.send(encodePointerMessage(queued));
      queued = null;
    };
    const queue = (message: PointerMessage) => {
      queued = message;
      frame ||= requestAnimationFrame(flush);
    };
    const onMove = (event: PointerEvent) => {
      const box = element.getBoundingClientRect();
      const point = toFramePoint({ x: event.clientX - box.left, y: event.clientY - box.top }, box, {
        width: element.videoWidth,
        height: element.videoHeight,
      });
      queue(point ? { t: 'pointer', ...point } : { t: 'pointer-leave' });
    };
    const onLeave = () => queue({ t: 'pointer-leave' });
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerleave', onLeave);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerleave', onLeave);
    };
  }, [pointer]);

  return (
    <video
      ref={video}
      aria-label="Shared screen"
      autoplay
      muted
      playsInline
      style={hidden ? { visibility: 'hidden' } : undefined}
    />
  );
}
