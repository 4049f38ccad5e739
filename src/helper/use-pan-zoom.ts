import { useEffect, useMemo } from 'preact/hooks';
import type { RefObject } from 'preact';
import { zoomAt, type View } from '../core/view/geometry.ts';
import type { Point } from '../core/ink/stroke-shape.ts';
import { isTyping } from './is-typing.ts';
import { useLatest } from './use-latest.ts';
import type { StageFrame } from './use-stage-frame.ts';

export interface Gesture {
  /** Whether this pointer event went to a pan or a pinch: the ink and the pointer leave it alone. */
  took(event: Event): boolean;
  /** Whether a pan or a pinch is under way. */
  busy(): boolean;
}

/**
 * The helper's own zoom and pan: the wheel zooms at the cursor, two fingers pinch, the middle
 * button or a held Space drags. Its listeners take pointer events in the capture phase, so it sees
 * each one before the ink and the pointer stream do, whatever order they were added in.
 */
export function usePanZoom(
  stageRef: RefObject<HTMLElement | null>,
  frame: StageFrame,
  view: View,
  setView: (view: View) => void,
): Gesture {
  const latest = useLatest({ view, setView });
  const state = useMemo(
    () => ({
      taken: new WeakSet<Event>(),
      pinch: new Map<number, Point>(),
      panFrom: null as (Point & { view: View }) | null,
      spaceHeld: false,
    }),
    [],
  );

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const abort = new AbortController();
    const { signal } = abort;
    const capture = { signal, capture: true };
    const { pinch, taken } = state;

    stage.addEventListener(
      'pointerdown',
      (event) => {
        const at = frame.local(event);
        if (event.pointerType === 'touch') pinch.set(event.pointerId, at);
        if (event.button === 1 || state.spaceHeld || pinch.size > 1) {
          state.panFrom = { ...at, view: latest.current.view };
          taken.add(event);
        }
      },
      capture,
    );
    stage.addEventListener(
      'pointermove',
      (event) => {
        const at = frame.local(event);
        if (pinch.has(event.pointerId) && pinch.size === 2) {
          taken.add(event);
          const [a, b] = [...pinch.values()];
          const before = Math.hypot(a!.x - b!.x, a!.y - b!.y);
          pinch.set(event.pointerId, at);
          const [c, d] = [...pinch.values()];
          const after = Math.hypot(c!.x - d!.x, c!.y - d!.y);
          if (before > 0)
            latest.current.setView(
              zoomAt(latest.current.view, { x: (c!.x + d!.x) / 2, y: (c!.y + d!.y) / 2 }, after / before),
            );
          return;
        }
        const from = state.panFrom;
        if (from) {
          taken.add(event);
          latest.current.setView({
            ...from.view,
            x: from.view.x + at.x - from.x,
            y: from.view.y + at.y - from.y,
          });
        }
      },
      capture,
    );
    const release = (event: PointerEvent) => {
      pinch.delete(event.pointerId);
      state.panFrom = null;
    };
    stage.addEventListener('pointerup', release, capture);
    stage.addEventListener('pointercancel', release, capture);
    stage.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        latest.current.setView(
          zoomAt(latest.current.view, frame.local(event), Math.exp(-event.deltaY * 0.0015)),
        );
      },
      { signal, passive: false },
    );
    addEventListener(
      'keydown',
      (event) => event.code === 'Space' && !isTyping(event) && (state.spaceHeld = true),
      { signal },
    );
    addEventListener('keyup', (event) => event.code === 'Space' && (state.spaceHeld = false), { signal });
    return () => abort.abort();
  }, []);

  return useMemo(
    () => ({
      took: (event) => state.taken.has(event),
      busy: () => state.panFrom !== null || state.pinch.size > 1,
    }),
    [],
  );
}
