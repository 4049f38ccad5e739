import type { Stroke } from './ink-model.ts';

/**
 * Draws strokes on a 2D canvas: shared by the sharer's overlay and the helper's own ink layer, so a
 * stroke looks the same on both. `toPx` maps a frame point to canvas CSS pixels; `unit` scales line
 * widths with the size the frame is shown at. Text is drawn with fillText, never parsed as HTML.
 */
export type ToPx = (x: number, y: number) => { x: number; y: number };

const LINE = { 1: 3, 2: 6, 3: 10 } as const;
const HIGHLIGHT = { 1: 14, 2: 24, 3: 36 } as const;
const FONT = { 1: 16, 2: 22, 3: 30 } as const;

export function drawStroke(
  ctx: CanvasRenderingContext2D,
  stroke: Stroke,
  opacity: number,
  toPx: ToPx,
  unit: number,
) {
  const pts: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < stroke.points.length; i += 2)
    pts.push(toPx(stroke.points[i]!, stroke.points[i + 1]!));
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return;
  ctx.save();
  ctx.globalAlpha = opacity;
  ctx.strokeStyle = stroke.color;
  ctx.fillStyle = stroke.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = LINE[stroke.width] * unit;
  switch (stroke.tool) {
    case 'highlighter':
      ctx.globalAlpha = opacity * 0.35;
      ctx.lineWidth = HIGHLIGHT[stroke.width] * unit;
      polyline(ctx, pts);
      break;
    case 'pen':
      polyline(ctx, pts);
      break;
    case 'arrow':
      arrow(ctx, first, last, ctx.lineWidth);
      break;
    case 'rect':
      ctx.strokeRect(first.x, first.y, last.x - first.x, last.y - first.y);
      break;
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse(
        (first.x + last.x) / 2,
        (first.y + last.y) / 2,
        Math.abs(last.x - first.x) / 2,
        Math.abs(last.y - first.y) / 2,
        0,
        0,
        Math.PI * 2,
      );
      ctx.stroke();
      break;
    case 'text':
      label(ctx, first, stroke.text ?? '', FONT[stroke.width] * unit);
      break;
  }
  ctx.restore();
}

function polyline(ctx: CanvasRenderingContext2D, pts: { x: number; y: number }[]) {
  ctx.beginPath();
  ctx.moveTo(pts[0]!.x, pts[0]!.y);
  // A single tap still leaves a dot.
  if (pts.length === 1) ctx.lineTo(pts[0]!.x + 0.01, pts[0]!.y);
  for (const p of pts.slice(1)) ctx.lineTo(p.x, p.y);
  ctx.stroke();
}

function arrow(
  ctx: CanvasRenderingContext2D,
  from: { x: number; y: number },
  to: { x: number; y: number },
  width: number,
) {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const head = Math.max(12, width * 3.5);
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x - Math.cos(angle) * head * 0.6, to.y - Math.sin(angle) * head * 0.6);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(to.x, to.y);
  ctx.lineTo(to.x - head * Math.cos(angle - 0.45), to.y - head * Math.sin(angle - 0.45));
  ctx.lineTo(to.x - head * Math.cos(angle + 0.45), to.y - head * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

function label(ctx: CanvasRenderingContext2D, at: { x: number; y: number }, text: string, size: number) {
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  const width = ctx.measureText(text).width;
  const pad = size * 0.3;
  const color = ctx.fillStyle;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.72)';
  ctx.beginPath();
  ctx.roundRect(at.x - pad, at.y - pad, width + pad * 2, size * 1.2 + pad * 2, pad);
  ctx.fill();
  ctx.fillStyle = color;
  ctx.fillText(text, at.x, at.y);
}

/** Distance from a point to a stroke's drawn shape (CSS px): the eraser removes what it touches. */
export function distanceToStroke(
  stroke: Stroke,
  p: { x: number; y: number },
  toPx: ToPx,
  unit: number,
): number {
  const pts: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < stroke.points.length; i += 2)
    pts.push(toPx(stroke.points[i]!, stroke.points[i + 1]!));
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return Infinity;
  if (stroke.tool === 'text') {
    const size = FONT[stroke.width] * unit;
    const inside =
      p.x >= first.x &&
      p.x <= first.x + size * 0.6 * (stroke.text?.length ?? 1) &&
      p.y >= first.y &&
      p.y <= first.y + size * 1.2;
    return inside ? 0 : Infinity;
  }
  if (stroke.tool === 'rect' || stroke.tool === 'ellipse') {
    const corners = [first, { x: last.x, y: first.y }, last, { x: first.x, y: last.y }, first];
    return Math.min(...corners.slice(1).map((c, i) => segment(p, corners[i]!, c)));
  }
  const path = stroke.tool === 'arrow' ? [first, last] : pts;
  if (path.length === 1) return Math.hypot(p.x - first.x, p.y - first.y);
  return Math.min(...path.slice(1).map((c, i) => segment(p, path[i]!, c)));
}

function segment(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t =
    dx === 0 && dy === 0
      ? 0
      : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Line widths follow the size the frame is shown at (a 1280-pixel-wide frame is the reference). */
export const unitFor = (shownWidth: number) => Math.max(0.6, shownWidth / 1280);
