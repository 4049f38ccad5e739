import { t } from '../i18n/t.ts';
import { createInkModel } from '../core/ink/ink-model.ts';
import type { InkMessage } from '../core/protocol/ink.ts';
import { frameToViewport, type Size } from '../core/view/geometry.ts';
import { drawStroke } from '../core/ink/draw-ink.ts';
import { unitFor } from '../core/ink/stroke-shape.ts';

const POINTER_COLORS = ['#ff2d95', '#00b3ff', '#ffb000', '#7c4dff', '#00c853'];
const TRAIL_MS = 450;

const STYLE = `
:host { all: initial; }
.layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; }
canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.badge { position: absolute; top: 6px; left: 50%; transform: translateX(-50%); padding: 3px 10px;
  border-radius: 999px; font: 600 12px/1.4 system-ui, sans-serif; color: #fff; background: rgba(217,48,37,.92);
  box-shadow: 0 1px 4px rgba(0,0,0,.3); opacity: .9; }
.badge.paused { background: rgba(95,99,104,.92); }
`;

interface Pointer {
  name: string;
  color: string;
  x: number;
  y: number;
  visible: boolean;
  trail: { x: number; y: number; t: number }[];
  /** Benchmark build only: a new position not yet reported as painted, and when it arrived. */
  unreported?: boolean;
  receivedAt?: number;
}

/**
 * Everything helpers show on the shared tab: strokes, pointers with name tags and laser trails, and a
 * "being shared" badge, in a closed shadow root (page scripts and styles stay out), `pointer-events:
 * none` (it never blocks the page), sized for the device pixel ratio. Strokes are redrawn at most
 * once per animation frame however many messages arrive. Pointers have their own low-latency
 * (`desynchronized`) canvas and are drawn as they arrive: Chrome shows it without waiting for the
 * page's next frame, which was most of what a pointer took to appear
 * (docs/decisions/0014-pointer-drawn-on-arrival.md).
 */
export function mountInkOverlay(signal: AbortSignal) {
  const host = document.createElement('lookover-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const layer = document.createElement('div');
  layer.className = 'layer';
  const canvas = document.createElement('canvas');
  const pointerCanvas = document.createElement('canvas');
  // The shared tab itself says it is being shared, as long as it is
  // (docs/decisions/0004-sharer-approves-every-helper.md).
  const badge = document.createElement('div');
  badge.className = 'badge';
  badge.textContent = t('overlay.sharing');
  layer.append(canvas, pointerCanvas, badge);
  root.append(style, layer);
  document.documentElement.append(host);
  const ctx = canvas.getContext('2d')!;
  const pointerCtx = pointerCanvas.getContext('2d', { desynchronized: true })!;

  const model = createInkModel();
  const pointers = new Map<string, Pointer>();
  /** Page scroll when each stroke began: strokes stay on the content they were drawn on. */
  const scrollAt = new Map<string, { x: number; y: number }>();
  let frame: Size = { width: 0, height: 0 };
  let visible = true;
  let pending = 0;
  let pendingPointers = 0;

  const viewport = () => ({ width: innerWidth, height: innerHeight });
  const scheduleInk = () => {
    pending ||= requestAnimationFrame(draw);
  };
  const schedule = () => {
    scheduleInk();
    pendingPointers ||= requestAnimationFrame(drawPointers);
  };

  function resize() {
    const dpr = devicePixelRatio || 1;
    for (const each of [canvas, pointerCanvas]) {
      each.width = Math.round(innerWidth * dpr);
      each.height = Math.round(innerHeight * dpr);
    }
    schedule();
  }

  function draw() {
    pending = 0;
    const dpr = devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, innerWidth, innerHeight);
    const view = viewport();
    const unit = unitFor(view.width);
    let animating = false;
    if (visible) {
      for (const { stroke, opacity } of model.visible()) {
        const at = scrollAt.get(stroke.key) ?? { x: scrollX, y: scrollY };
        const dx = at.x - scrollX;
        const dy = at.y - scrollY;
        drawStroke(
          ctx,
          stroke,
          opacity,
          (x, y) => {
            const p = frameToViewport({ x, y }, frame, view);
            return { x: p.x + dx, y: p.y + dy };
          },
          unit,
        );
      }
      animating = model.animating();
    }
    if (animating) pending = requestAnimationFrame(draw);
  }

  /** Called as pointers arrive as well as once per frame while a trail fades. */
  function drawPointers() {
    cancelAnimationFrame(pendingPointers);
    pendingPointers = 0;
    const dpr = devicePixelRatio || 1;
    pointerCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
    pointerCtx.clearRect(0, 0, innerWidth, innerHeight);
    const view = viewport();
    const now = performance.now();
    let animating = false;
    for (const pointer of pointers.values()) {
      pointer.trail = pointer.trail.filter((point) => now - point.t < TRAIL_MS);
      if (pointer.trail.length > 1) {
        animating = true;
        drawTrail(pointer, now, view);
      }
      if (pointer.visible) drawPointer(pointer, view);
      if (__LOOKOVER_BENCH__ && pointer.unreported) {
        pointer.unreported = false;
        postMessage(
          JSON.stringify({
            lookoverBenchPaint: { x: pointer.x, y: pointer.y, t: Date.now(), received: pointer.receivedAt },
          }),
          '*',
        );
      }
    }
    if (animating) pendingPointers = requestAnimationFrame(drawPointers);
  }

  function drawTrail(pointer: Pointer, now: number, view: Size) {
    pointerCtx.save();
    pointerCtx.strokeStyle = pointer.color;
    pointerCtx.lineCap = 'round';
    for (let i = 1; i < pointer.trail.length; i++) {
      const a = pointer.trail[i - 1]!;
      const b = pointer.trail[i]!;
      const pa = frameToViewport(a, frame, view);
      const pb = frameToViewport(b, frame, view);
      const life = 1 - (now - b.t) / TRAIL_MS;
      pointerCtx.globalAlpha = Math.max(0, life) * 0.8;
      pointerCtx.lineWidth = 2 + 6 * life;
      pointerCtx.beginPath();
      pointerCtx.moveTo(pa.x, pa.y);
      pointerCtx.lineTo(pb.x, pb.y);
      pointerCtx.stroke();
    }
    pointerCtx.restore();
  }

  function drawPointer(pointer: Pointer, view: Size) {
    const p = frameToViewport(pointer, frame, view);
    pointerCtx.save();
    pointerCtx.shadowColor = pointer.color;
    pointerCtx.shadowBlur = 12;
    pointerCtx.fillStyle = pointer.color;
    pointerCtx.beginPath();
    pointerCtx.arc(p.x, p.y, 9, 0, Math.PI * 2);
    pointerCtx.fill();
    pointerCtx.shadowBlur = 0;
    pointerCtx.lineWidth = 2;
    pointerCtx.strokeStyle = '#fff';
    pointerCtx.stroke();
    pointerCtx.font = '600 12px system-ui, sans-serif';
    pointerCtx.textBaseline = 'top';
    const name = pointer.name || t('popup.helper');
    const width = pointerCtx.measureText(name).width;
    pointerCtx.beginPath();
    pointerCtx.roundRect(p.x + 13, p.y + 9, width + 12, 19, 4);
    pointerCtx.fill();
    pointerCtx.fillStyle = '#fff';
    pointerCtx.fillText(name, p.x + 19, p.y + 12);
    pointerCtx.restore();
  }

  resize();
  addEventListener('resize', resize, { signal });
  addEventListener('scroll', schedule, { signal, passive: true });
  signal.addEventListener(
    'abort',
    () => {
      cancelAnimationFrame(pending);
      cancelAnimationFrame(pendingPointers);
      host.remove();
    },
    { once: true },
  );

  const pointerOf = (helperId: string, name: string) => {
    let pointer = pointers.get(helperId);
    if (!pointer) {
      pointer = {
        name,
        color: POINTER_COLORS[pointers.size % POINTER_COLORS.length]!,
        x: 0,
        y: 0,
        visible: false,
        trail: [],
      };
      pointers.set(helperId, pointer);
    }
    return pointer;
  };

  return {
    setFrame(size: Size) {
      frame = size;
      schedule();
    },
    setPaused(paused: boolean) {
      badge.classList.toggle('paused', paused);
      badge.textContent = t(paused ? 'overlay.paused' : 'overlay.sharing');
      if (paused) for (const pointer of pointers.values()) pointer.visible = false;
      schedule();
    },
    /** x, y: fractions of the captured frame. */
    pointer(helperId: string, name: string, x: number, y: number) {
      const pointer = pointerOf(helperId, name);
      Object.assign(pointer, { x, y, visible: true });
      if (__LOOKOVER_BENCH__) Object.assign(pointer, { unreported: true, receivedAt: Date.now() });
      pointer.trail.push({ x, y, t: performance.now() });
      drawPointers();
    },
    pointerLeave(helperId: string) {
      const pointer = pointers.get(helperId);
      if (pointer) pointer.visible = false;
      drawPointers();
    },
    ink(helperId: string, message: InkMessage) {
      if ((message.t === 'begin' || message.t === 'text') && !scrollAt.has(`${helperId}/${message.id}`)) {
        scrollAt.set(`${helperId}/${message.id}`, { x: scrollX, y: scrollY });
      }
      model.apply(helperId, message);
      scheduleInk();
    },
    setVisible(value: boolean) {
      visible = value;
      scheduleInk();
    },
    clearAll() {
      model.clearAll();
      scrollAt.clear();
      scheduleInk();
    },
  };
}
