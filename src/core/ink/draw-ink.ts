import type { Stroke } from './ink-model.ts';
import {
  arrowHead,
  ellipseIn,
  fontSize,
  labelBox,
  labelFont,
  lineWidth,
  strokePixels,
  type Point,
  type ToPx,
} from './stroke-shape.ts';

/**
 * Draws strokes on a 2D canvas: shared by the sharer's overlay and the helper's own ink layer, so a
 * stroke looks the same on both. `toPx` maps a frame point to canvas CSS pixels; `unit` scales line
 * widths with the size the frame is shown at. Text is drawn with fillText, never parsed as HTML.
 */
export function drawStroke(
  ctx: CanvasRenderingContext2D,
  stroke: Stroke,
  opacity: number,
  toPx: ToPx,
  unit: number,
) {
  const pts = strokePixels(stroke, toPx);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return;
  ctx.save();
  ctx.globalAlpha = opacity;
  ctx.strokeStyle = stroke.color;
  ctx.fillStyle = stroke.color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = lineWidth(stroke, unit);
  switch (stroke.tool) {
    case 'highlighter':
      ctx.globalAlpha = opacity * 0.35;
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
    case 'ellipse': {
      const { cx, cy, rx, ry } = ellipseIn(first, last);
      ctx.beginPath();
      ctx.ellipse(cx, cy, rx, ry, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    }
    case 'text':
      label(ctx, first, stroke.text ?? '', fontSize(stroke, unit));
      break;
  }
  ctx.restore();
}

function polyline(ctx: CanvasRenderingContext2D, pts: Point[]) {
  ctx.beginPath();
  ctx.moveTo(pts[0]!.x, pts[0]!.y);
  // A single tap still leaves a dot.
  if (pts.length === 1) ctx.lineTo(pts[0]!.x + 0.01, pts[0]!.y);
  for (const p of pts.slice(1)) ctx.lineTo(p.x, p.y);
  ctx.stroke();
}

function arrow(ctx: CanvasRenderingContext2D, from: Point, to: Point, width: number) {
  const { shaftEnd, tip, left, right } = arrowHead(from, to, width);
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(shaftEnd.x, shaftEnd.y);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(tip.x, tip.y);
  ctx.lineTo(left.x, left.y);
  ctx.lineTo(right.x, right.y);
  ctx.closePath();
  ctx.fill();
}

function label(ctx: CanvasRenderingContext2D, at: Point, text: string, size: number) {
  ctx.font = labelFont(size);
  ctx.textBaseline = 'top';
  const box = labelBox(at, ctx.measureText(text).width, size);
  const color = ctx.fillStyle;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.72)';
  ctx.beginPath();
  ctx.roundRect(box.x, box.y, box.width, box.height, box.pad);
  ctx.fill();
  ctx.fillStyle = color;
  ctx.fillText(text, at.x, at.y);
}
