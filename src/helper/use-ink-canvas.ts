import { useEffect, useMemo } from 'preact/hooks';
import type { RefObject } from 'preact';
import { drawStroke } from '../core/ink/draw-ink.ts';
import type { InkController } from './ink-controller.ts';
import type { StageFrame } from './use-stage-frame.ts';

export interface InkCanvas {
  /** A label's text width in a CSS font, as the canvas draws it (null before there is one). */
  measure(text: string, font: string): number | null;
}

/**
 * The helper's own ink, drawn on the stage's canvas. One pass per animation frame sends the batched
 * points, then redraws; passes go on while a stroke is drawn or one is fading, and otherwise come
 * when the ink changes or the canvas's size may have. Zoom and pan need none: the canvas is drawn
 * unzoomed, inside the zoom's transform.
 */
export function useInkCanvas(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  videoRef: RefObject<HTMLVideoElement | null>,
  frame: StageFrame,
  controller: InkController,
): InkCanvas {
  const context = () => canvasRef.current?.getContext('2d') ?? null;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = context();
    const video = videoRef.current;
    if (!canvas || !ctx || !video) return;
    let pass = 0;
    const redraw = () => {
      const size = frame.size();
      const dpr = devicePixelRatio || 1;
      if (canvas.width !== Math.round(size.width * dpr)) canvas.width = Math.round(size.width * dpr);
      if (canvas.height !== Math.round(size.height * dpr)) canvas.height = Math.round(size.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.width, size.height);
      const { toPx, unit } = frame.canvasInk();
      for (const { stroke, opacity } of controller.model.visible())
        drawStroke(ctx, stroke, opacity, toPx, unit);
    };
    const run = () => {
      // Changes said during this pass (the flush) are drawn by it: no second frame for them.
      pass = -1;
      controller.flush();
      redraw();
      pass = controller.isDrawing || controller.model.animating() ? requestAnimationFrame(run) : 0;
    };
    const tick = () => {
      pass ||= requestAnimationFrame(run);
    };
    const abort = new AbortController();
    // A window resize may bring a new device pixel ratio; the stage changes size without one too
    // (the toolbar appears when the share goes live); the picture's shape follows the sharer's.
    addEventListener('resize', tick, { signal: abort.signal });
    const resized = new ResizeObserver(tick);
    resized.observe(canvas);
    video.addEventListener('resize', tick, { signal: abort.signal });
    const unsubscribe = controller.subscribe(tick);
    tick();
    return () => {
      abort.abort();
      resized.disconnect();
      unsubscribe();
      cancelAnimationFrame(pass);
    };
  }, [controller]);

  return useMemo(
    () => ({
      measure(text, font) {
        const ctx = context();
        if (!ctx) return null;
        ctx.save();
        ctx.font = font;
        const width = ctx.measureText(text).width;
        ctx.restore();
        return width;
      },
    }),
    [],
  );
}
