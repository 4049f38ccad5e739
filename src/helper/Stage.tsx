import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { containRect, frameToStage, stageToFrame, zoomAt, type View } from '../core/view/geometry.ts';
import { encodePointerMessage, type PointerMessage } from '../core/protocol/pointer.ts';
import { createThrottle } from '../core/util/throttle.ts';
import { drawStroke } from '../core/ink/draw-ink.ts';
import { strokeAt } from '../core/ink/hit-test.ts';
import { unitFor } from '../core/ink/stroke-shape.ts';
import { SELF, type InkController, type InkSettings } from './ink-controller.ts';
import type { Channels } from './use-join.ts';

/** A `pointerrawupdate` this recent means that event carries the pointer (browsers without it use moves). */
const RAW_GRACE_MS = 100;

/**
 * The shared picture and everything the helper does on it. Positions are fractions of the video
 * frame, computed through the letterbox and the helper's own zoom and pan (core/view/geometry), so where a
 * stroke lands never depends on how big either side shows the picture.
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
}) {
  const { stream, channels, ink, controller, view, setView, onFirstFrame, hidden } = props;
  const stageRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [text, setText] = useState<{ x: number; y: number; left: number; top: number } | null>(null);
  // Latest values for the event handlers, which are bound once.
  const hiddenNow = useRef(hidden);
  hiddenNow.current = hidden;
  const live = useRef({ ink, view, setView });
  live.current = { ink, view, setView };
  const tick = useRef<() => void>(() => undefined);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    let done = false;
    // Said for every frame while the stage is hidden (its page still waits for one), once after.
    const onFrame = () => {
      if (done) return;
      onFirstFrame();
      if (hiddenNow.current) video.requestVideoFrameCallback(onFrame);
      else done = true;
    };
    video.requestVideoFrameCallback(onFrame);
    void video.play().catch(() => undefined);
    return () => {
      done = true;
    };
  }, [stream]);

  useEffect(() => {
    const stage = stageRef.current;
    const video = videoRef.current;
    const canvas = canvasRef.current;
    if (!stage || !video || !canvas) return;
    const ctx = canvas.getContext('2d')!;
    const abort = new AbortController();
    const { signal } = abort;
    let frame = 0;
    const pinch = new Map<number, { x: number; y: number }>();
    let panFrom: { x: number; y: number; view: View } | null = null;
    let spaceHeld = false;

    const media = () => ({ width: video.videoWidth, height: video.videoHeight });
    const box = () => ({ width: stage.clientWidth, height: stage.clientHeight });
    const local = (event: PointerEvent | WheelEvent) => {
      const rect = stage.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    const toFrame = (point: { x: number; y: number }) =>
      stageToFrame(point, box(), media(), live.current.view);
    const send = (channel: RTCDataChannel | null, data: string) =>
      channel?.readyState === 'open' && channel.send(data);

    const redraw = () => {
      const size = box();
      const dpr = devicePixelRatio || 1;
      if (canvas.width !== Math.round(size.width * dpr)) canvas.width = Math.round(size.width * dpr);
      if (canvas.height !== Math.round(size.height * dpr)) canvas.height = Math.round(size.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.width, size.height);
      const content = containRect(size, media());
      const unit = unitFor(content.width);
      for (const { stroke, opacity } of controller.model.visible()) {
        drawStroke(
          ctx,
          stroke,
          opacity,
          (x, y) => ({ x: content.x + x * content.width, y: content.y + y * content.height }),
          unit,
        );
      }
    };
    // One pass per animation frame: send the batched points, then redraw.
    const run = () => {
      // Changes said during this pass (the flush) are drawn by it: no second frame for them.
      frame = -1;
      controller.flush();
      redraw();
      frame = controller.isDrawing || controller.model.animating() ? requestAnimationFrame(run) : 0;
    };
    tick.current = () => {
      frame ||= requestAnimationFrame(run);
    };
    // Pointer moves do not wait for the next frame: the first goes at once, a burst at one per frame.
    const pointerOut = createThrottle<PointerMessage>((message) =>
      send(channels.current?.pointer ?? null, encodePointerMessage(message)),
    );
    const queuePointer = (message: PointerMessage) => pointerOut.call(message);

    stage.addEventListener(
      'pointerdown',
      (event) => {
        const at = local(event);
        if (event.pointerType === 'touch') pinch.set(event.pointerId, at);
        if (event.button === 1 || spaceHeld || pinch.size > 1) {
          panFrom = { ...at, view: live.current.view };
          controller.end();
          return;
        }
        if (event.button !== 0) return;
        const point = toFrame(at);
        if (!point) return;
        const { tool } = live.current.ink;
        stage.setPointerCapture(event.pointerId);
        if (tool === 'text') setText({ ...point, left: at.x, top: at.y });
        else if (tool === 'eraser') {
          const { view } = live.current;
          const mine = controller.model
            .visible()
            .map(({ stroke }) => stroke)
            .filter((stroke) => stroke.helperId === SELF);
          const hit = strokeAt(mine, at, {
            toPx: (x, y) => frameToStage({ x, y }, box(), media(), view),
            unit: unitFor(containRect(box(), media()).width) * view.scale,
            measure: (text, font) => {
              ctx.save();
              ctx.font = font;
              const width = ctx.measureText(text).width;
              ctx.restore();
              return width;
            },
          });
          if (hit) controller.erase(hit.id);
        } else if (tool !== 'laser') controller.begin(tool, live.current.ink, point.x, point.y);
        tick.current();
      },
      { signal },
    );
    stage.addEventListener(
      'pointermove',
      (event) => {
        const at = local(event);
        if (pinch.has(event.pointerId) && pinch.size === 2) {
          const [a, b] = [...pinch.values()];
          const before = Math.hypot(a!.x - b!.x, a!.y - b!.y);
          pinch.set(event.pointerId, at);
          const [c, d] = [...pinch.values()];
          const after = Math.hypot(c!.x - d!.x, c!.y - d!.y);
          if (before > 0)
            live.current.setView(
              zoomAt(live.current.view, { x: (c!.x + d!.x) / 2, y: (c!.y + d!.y) / 2 }, after / before),
            );
          return;
        }
        if (panFrom) {
          live.current.setView({
            ...panFrom.view,
            x: panFrom.view.x + at.x - panFrom.x,
            y: panFrom.view.y + at.y - panFrom.y,
          });
          return;
        }
        const point = toFrame(at);
        if (performance.now() - rawAt > RAW_GRACE_MS)
          queuePointer(point ? { t: 'pointer', ...point } : { t: 'pointer-leave' });
        if (point && controller.isDrawing) controller.move(point.x, point.y);
      },
      { signal },
    );
    // `pointermove` waits for the next frame (Chrome aligns it to rendering); `pointerrawupdate`
    // comes as the input arrives: the pointer leaves up to a frame sooner (issue 5, pointer latency).
    // Strokes still follow `pointermove`, which the local drawing needs per frame anyway.
    let rawAt = -Infinity;
    stage.addEventListener(
      'pointerrawupdate' as 'pointermove',
      (event) => {
        if (panFrom || pinch.size > 1) return;
        rawAt = performance.now();
        const point = toFrame(local(event));
        queuePointer(point ? { t: 'pointer', ...point } : { t: 'pointer-leave' });
      },
      { signal },
    );
    const release = (event: PointerEvent) => {
      pinch.delete(event.pointerId);
      panFrom = null;
      controller.end();
    };
    stage.addEventListener('pointerup', release, { signal });
    stage.addEventListener('pointercancel', release, { signal });
    stage.addEventListener('pointerleave', () => queuePointer({ t: 'pointer-leave' }), { signal });
    stage.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        live.current.setView(zoomAt(live.current.view, local(event), Math.exp(-event.deltaY * 0.0015)));
      },
      { signal, passive: false },
    );
    addEventListener('keydown', (event) => event.code === 'Space' && !isTyping(event) && (spaceHeld = true), {
      signal,
    });
    addEventListener('keyup', (event) => event.code === 'Space' && (spaceHeld = false), { signal });
    addEventListener('resize', () => tick.current(), { signal });
    video.addEventListener('resize', () => tick.current(), { signal });
    return () => {
      abort.abort();
      pointerOut.cancel();
      cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => tick.current(), [view, controller]);
  useEffect(() => controller.subscribe(() => tick.current()), [controller]);

  // Enter commits, and so does the blur that follows when the input goes away: commit once.
  const textTarget = useRef(text);
  textTarget.current = text;
  const commitText = (value: string) => {
    const target = textTarget.current;
    textTarget.current = null;
    if (target && value.trim()) controller.text(ink, target.x, target.y, value.trim());
    setText(null);
  };

  return (
    <div
      ref={stageRef}
      class={`stage-area tool-${ink.tool}`}
      style={hidden ? { visibility: 'hidden' } : undefined}
      data-zoom={view.scale.toFixed(2)}
    >
      <div class="zoom" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
        <video ref={videoRef} aria-label="Shared screen" autoplay muted playsInline />
        <canvas ref={canvasRef} class="ink" aria-hidden="true" />
      </div>
      {text && (
        <input
          class="text-input"
          aria-label="Text label"
          style={{ left: `${text.left}px`, top: `${text.top}px` }}
          maxLength={200}
          autoFocus
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitText(event.currentTarget.value);
            if (event.key === 'Escape') setText(null);
          }}
          onBlur={(event) => commitText(event.currentTarget.value)}
        />
      )}
    </div>
  );
}

export const isTyping = (event: Event) => {
  const target = event.target as HTMLElement | null;
  return target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA';
};
