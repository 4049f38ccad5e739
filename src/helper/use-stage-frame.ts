import { useMemo } from 'preact/hooks';
import type { RefObject } from 'preact';
import {
  containRect,
  frameToStage,
  IDENTITY_VIEW,
  stageToFrame,
  type Size,
  type View,
} from '../core/view/geometry.ts';
import { unitFor, type Point, type ToPx } from '../core/ink/stroke-shape.ts';
import { useLatest } from './use-latest.ts';

/** Where frame points are shown, and how wide ink is there. */
export interface InkMapping {
  toPx: ToPx;
  unit: number;
}

/**
 * The stage's geometry (core/view/geometry) with the current zoom and pan: stage points are CSS
 * pixels from the stage's top-left, before the zoom's transform.
 */
export interface StageFrame {
  size(): Size;
  local(event: MouseEvent): Point;
  /** A stage point as a fraction of the video frame, or null off the picture (the letterbox bars). */
  toFrame(at: Point): Point | null;
  /** For drawing on the canvas: it sits inside the zoom's transform, which scales it. */
  canvasInk(): InkMapping;
  /** Where the pointer sees ink, zoom and pan included (the eraser's hit test). */
  pointerInk(): InkMapping;
}

const NONE: Size = { width: 0, height: 0 };

export function useStageFrame(
  stageRef: RefObject<HTMLElement | null>,
  videoRef: RefObject<HTMLVideoElement | null>,
  view: View,
): StageFrame {
  const latest = useLatest(view);
  return useMemo(() => {
    const size = (): Size => {
      const stage = stageRef.current;
      return stage ? { width: stage.clientWidth, height: stage.clientHeight } : NONE;
    };
    // No frame yet (or no video) is a 0x0 picture: nothing maps onto it.
    const media = (): Size => {
      const video = videoRef.current;
      return video ? { width: video.videoWidth, height: video.videoHeight } : NONE;
    };
    const mapping = (view: View): InkMapping => {
      const [box, picture] = [size(), media()];
      return {
        toPx: (x, y) => frameToStage({ x, y }, box, picture, view),
        unit: unitFor(containRect(box, picture).width) * view.scale,
      };
    };
    return {
      size,
      local(event) {
        const rect = stageRef.current?.getBoundingClientRect();
        return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
      },
      toFrame: (at) => stageToFrame(at, size(), media(), latest.current),
      canvasInk: () => mapping(IDENTITY_VIEW),
      pointerInk: () => mapping(latest.current),
    };
  }, []);
}
