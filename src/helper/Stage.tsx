import { useRef } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { View } from '../core/view/geometry.ts';
import { t } from '../i18n/t.ts';
import type { InkController, InkSettings } from './ink-controller.ts';
import { useInkCanvas } from './use-ink-canvas.ts';
import { useInkInput } from './use-ink-input.ts';
import type { Channels } from './use-join.ts';
import { usePanZoom } from './use-pan-zoom.ts';
import { usePointerStream } from './use-pointer-stream.ts';
import { useKeyboardPointer } from './use-keyboard-pointer.ts';
import { useStageFrame } from './use-stage-frame.ts';
import { useVideoStream } from './use-video-stream.ts';

/**
 * The shared picture and everything the helper does on it. Positions are fractions of the video
 * frame, computed through the letterbox and the helper's own zoom and pan (core/view/geometry), so
 * where a stroke lands never depends on how big either side shows the picture.
 */
export function Stage(props: {
  stream: MediaStream;
  channels: RefObject<Channels>;
  ink: InkSettings;
  controller: InkController;
  view: View;
  setView: (view: View) => void;
  onFirstFrame: () => void;
  hidden: boolean;
  /** The picture's element, for the page's snapshot. */
  videoRef: RefObject<HTMLVideoElement | null>;
}) {
  const { stream, channels, ink, controller, view, setView, onFirstFrame, hidden, videoRef } = props;
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useVideoStream(videoRef, stream, hidden, onFirstFrame);
  const frame = useStageFrame(stageRef, videoRef, view);
  const canvas = useInkCanvas(canvasRef, videoRef, frame, controller);
  const gesture = usePanZoom(stageRef, frame, view, setView);
  usePointerStream(stageRef, frame, channels, gesture);
  const keyPointer = useKeyboardPointer(stageRef, frame, channels);
  const { label, commitLabel, cancelLabel } = useInkInput(stageRef, frame, {
    controller,
    ink,
    gesture,
    canvas,
  });

  return (
    <div
      ref={stageRef}
      class={`stage-area tool-${ink.tool}`}
      style={hidden ? { visibility: 'hidden' } : undefined}
      data-zoom={view.scale.toFixed(2)}
      tabIndex={0}
      role="application"
      aria-label={t('helper.stageKeys')}
    >
      <div class="zoom" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
        <video ref={videoRef} aria-label={t('helper.sharedScreen')} autoplay muted playsInline />
        <canvas ref={canvasRef} class="ink" aria-hidden="true" />
      </div>
      {keyPointer && (
        <div
          class="key-pointer"
          aria-hidden="true"
          style={{ left: `${keyPointer.left}px`, top: `${keyPointer.top}px` }}
        />
      )}
      {label && (
        <input
          class="text-input"
          aria-label={t('helper.textLabel')}
          style={{ left: `${label.left}px`, top: `${label.top}px` }}
          maxLength={200}
          autoFocus
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitLabel(event.currentTarget.value);
            if (event.key === 'Escape') cancelLabel();
          }}
          onBlur={(event) => commitLabel(event.currentTarget.value)}
        />
      )}
    </div>
  );
}
