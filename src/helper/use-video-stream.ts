import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';
import { failures } from '../core/util/failures.ts';
import { useLatest } from './use-latest.ts';

/**
 * Plays the shared stream, and says when a frame has come: for every frame while the stage is
 * hidden (its page still waits for one), once after.
 */
export function useVideoStream(
  videoRef: RefObject<HTMLVideoElement | null>,
  stream: MediaStream,
  hidden: boolean,
  onFirstFrame: () => void,
) {
  const latest = useLatest({ hidden, onFirstFrame });
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    let done = false;
    const onFrame = () => {
      if (done) return;
      latest.current.onFirstFrame();
      if (latest.current.hidden) video.requestVideoFrameCallback(onFrame);
      else done = true;
    };
    video.requestVideoFrameCallback(onFrame);
    // Muted, so autoplay is allowed: a rejection (a new stream interrupting this one) is only counted.
    void video.play().catch(failures.as('video-play'));
    return () => {
      done = true;
    };
  }, [stream]);
}
