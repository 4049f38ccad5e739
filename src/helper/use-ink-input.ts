import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { strokeAt } from '../core/ink/hit-test.ts';
import type { Point } from '../core/ink/stroke-shape.ts';
import { SELF, type InkController, type InkSettings } from './ink-controller.ts';
import type { InkCanvas } from './use-ink-canvas.ts';
import type { Gesture } from './use-pan-zoom.ts';
import { useLatest } from './use-latest.ts';
import type { StageFrame } from './use-stage-frame.ts';

/** A text label being typed: where it goes in the frame, and where its input sits on the stage. */
export interface PendingLabel extends Point {
  left: number;
  top: number;
}

/**
 * What the primary button does with the picked tool: a stroke follows the drag, the eraser removes
 * the helper's own stroke it touches, the text tool opens a label input where it was clicked (the
 * laser is only the pointer, which use-pointer-stream sends).
 */
export function useInkInput(
  stageRef: RefObject<HTMLElement | null>,
  frame: StageFrame,
  options: { controller: InkController; ink: InkSettings; gesture: Gesture; canvas: InkCanvas },
) {
  const { controller, ink, gesture, canvas } = options;
  const [label, setLabel] = useState<PendingLabel | null>(null);
  const settings = useLatest(ink);

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const abort = new AbortController();
    const { signal } = abort;
    stage.addEventListener(
      'pointerdown',
      (event) => {
        if (gesture.took(event)) {
          // A pan or a pinch that starts mid-stroke ends the stroke.
          controller.end();
          return;
        }
        if (event.button !== 0) return;
        const at = frame.local(event);
        const point = frame.toFrame(at);
        if (!point) return;
        const ink = settings.current;
        stage.setPointerCapture(event.pointerId);
        if (ink.tool === 'text') setLabel({ ...point, left: at.x, top: at.y });
        else if (ink.tool === 'eraser') {
          const mine = controller.model
            .visible()
            .map(({ stroke }) => stroke)
            .filter((stroke) => stroke.helperId === SELF);
          const hit = strokeAt(mine, at, { ...frame.pointerInk(), measure: canvas.measure });
          if (hit) controller.erase(hit.id);
        } else if (ink.tool !== 'laser') controller.begin(ink.tool, ink, point.x, point.y);
      },
      { signal },
    );
    stage.addEventListener(
      'pointermove',
      (event) => {
        if (gesture.took(event) || !controller.isDrawing) return;
        const point = frame.toFrame(frame.local(event));
        if (point) controller.move(point.x, point.y);
      },
      { signal },
    );
    const release = () => controller.end();
    stage.addEventListener('pointerup', release, { signal });
    stage.addEventListener('pointercancel', release, { signal });
    return () => abort.abort();
  }, [controller]);

  // Enter commits, and so does the blur that follows when the input goes away: commit once.
  const target = useRef(label);
  target.current = label;
  const commitLabel = (value: string) => {
    const at = target.current;
    target.current = null;
    if (at && value.trim()) controller.text(ink, at.x, at.y, value.trim());
    setLabel(null);
  };
  const cancelLabel = () => setLabel(null);
  return { label, commitLabel, cancelLabel };
}
