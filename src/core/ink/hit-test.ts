import type { Stroke } from './ink-model.ts';
import {
  arrowHead,
  ellipseIn,
  estimateTextWidth,
  fontSize,
  labelBox,
  labelFont,
  lineWidth,
  strokePixels,
  type Ellipse,
  type Point,
  type ToPx,
} from './stroke-shape.ts';

/** How near (CSS px) the eraser must come to a stroke's ink to take it: a finger is not a pixel. */
export const ERASER_REACH_PX = 12;

export interface HitContext {
  /** Frame point to the CSS pixels the pointer is in (zoom and pan included). */
  toPx: ToPx;
  /** Line-width unit in those pixels (see unitFor; times the zoom). */
  unit: number;
  /** A label's text width for a CSS font; without one (or when it says null) it is estimated. */
  measure?: (text: string, font: string) => number | null;
}

/**
 * Distance (CSS px) from `p` to the ink a stroke paints: 0 on it, measured from the edge of the line
 * (not its centre), so a wide highlighter is hit wherever it shows. Outlines are outlines: inside a
 * rectangle or an ellipse, away from its line, is a miss.
 */
export function distanceToStroke(stroke: Stroke, p: Point, context: HitContext): number {
  const pts = strokePixels(stroke, context.toPx);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return Infinity;
  if (stroke.tool === 'text') {
    const size = fontSize(stroke, context.unit);
    const text = stroke.text ?? '';
    const width = context.measure?.(text, labelFont(size)) ?? estimateTextWidth(text, size);
    return toBox(p, labelBox(first, width, size));
  }
  const width = lineWidth(stroke, context.unit);
  const fromLine = (distance: number) => Math.max(0, distance - width / 2);
  switch (stroke.tool) {
    case 'pen':
    case 'highlighter':
      return fromLine(toPolyline(p, pts));
    case 'arrow': {
      const { shaftEnd, tip, left, right } = arrowHead(first, last, width);
      return Math.min(fromLine(toSegment(p, first, shaftEnd)), toTriangle(p, tip, left, right));
    }
    case 'rect': {
      const corners = [first, { x: last.x, y: first.y }, last, { x: first.x, y: last.y }, first];
      return fromLine(toPolyline(p, corners));
    }
    case 'ellipse':
      return fromLine(toEllipse(p, ellipseIn(first, last)));
  }
}

/**
 * The stroke the eraser touches at `p`: the nearest within reach, the newest of equals (it is drawn
 * on top), or null.
 */
export function strokeAt(
  strokes: readonly Stroke[],
  p: Point,
  context: HitContext,
  reach = ERASER_REACH_PX,
): Stroke | null {
  let best: Stroke | null = null;
  let bestDistance = reach;
  for (const stroke of strokes) {
    const distance = distanceToStroke(stroke, p, context);
    if (distance < reach && distance <= bestDistance) {
      best = stroke;
      bestDistance = distance;
    }
  }
  return best;
}

function toSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function toPolyline(p: Point, pts: Point[]): number {
  // A single tap is drawn as a dot.
  if (pts.length === 1) return Math.hypot(p.x - pts[0]!.x, p.y - pts[0]!.y);
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) best = Math.min(best, toSegment(p, pts[i - 1]!, pts[i]!));
  return best;
}

/** To a filled box: 0 inside. */
function toBox(p: Point, box: { x: number; y: number; width: number; height: number }): number {
  const dx = Math.max(box.x - p.x, 0, p.x - (box.x + box.width));
  const dy = Math.max(box.y - p.y, 0, p.y - (box.y + box.height));
  return Math.hypot(dx, dy);
}

/** To a filled triangle: 0 inside. */
function toTriangle(p: Point, a: Point, b: Point, c: Point): number {
  const side = (u: Point, v: Point) => (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x);
  const [ab, bc, ca] = [side(a, b), side(b, c), side(c, a)];
  const inside = (ab >= 0 && bc >= 0 && ca >= 0) || (ab <= 0 && bc <= 0 && ca <= 0);
  return inside ? 0 : Math.min(toSegment(p, a, b), toSegment(p, b, c), toSegment(p, c, a));
}

const SAMPLES = 64;

/**
 * To an ellipse's curve (not its area). There is no closed form: the nearest of a few samples
 * around the curve is refined with Newton's method on the angle, where the line from `p` to the
 * curve meets it at a right angle. A refinement that wanders off is never worse than the sample.
 */
export function toEllipse(p: Point, { cx, cy, rx, ry }: Ellipse): number {
  const x = p.x - cx;
  const y = p.y - cy;
  const at = (t: number) => Math.hypot(x - rx * Math.cos(t), y - ry * Math.sin(t));
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < SAMPLES; i++) {
    const t = (i / SAMPLES) * Math.PI * 2;
    const distance = at(t);
    if (distance < bestDistance) [best, bestDistance] = [t, distance];
  }
  let t = best;
  for (let step = 0; step < 6; step++) {
    const [cos, sin] = [Math.cos(t), Math.sin(t)];
    // f(t) = (p - e(t)) . e'(t) is zero at the nearest point; f'(t) follows from e''(t) = -e(t).
    const ex = rx * cos;
    const ey = ry * sin;
    const dx = -rx * sin;
    const dy = ry * cos;
    const f = (x - ex) * dx + (y - ey) * dy;
    const df = -(dx * dx + dy * dy) - (x - ex) * ex - (y - ey) * ey;
    if (df === 0) break;
    t -= f / df;
  }
  return Math.min(bestDistance, at(t));
}
