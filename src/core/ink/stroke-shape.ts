import type { Stroke } from './ink-model.ts';

/**
 * The shape a stroke paints, in CSS pixels: one definition for the renderer (draw-ink) and the
 * eraser's hit test, so the eraser removes exactly what the helper sees.
 */
export interface Point {
  x: number;
  y: number;
}

/** Maps a frame point (fractions of the video frame) to CSS pixels where it is shown. */
export type ToPx = (x: number, y: number) => Point;

const LINE = { 1: 3, 2: 6, 3: 10 } as const;
const HIGHLIGHT = { 1: 14, 2: 24, 3: 36 } as const;
const FONT = { 1: 16, 2: 22, 3: 30 } as const;

/** Line widths follow the size the frame is shown at (a 1280-pixel-wide frame is the reference). */
export const unitFor = (shownWidth: number) => Math.max(0.6, shownWidth / 1280);

/** Freehand strokes keep every point; the shapes need only their first and last. */
export const isFreehand = (tool: Stroke['tool']) => tool === 'pen' || tool === 'highlighter';

export const lineWidth = (stroke: Stroke, unit: number) =>
  (stroke.tool === 'highlighter' ? HIGHLIGHT : LINE)[stroke.width] * unit;

export const fontSize = (stroke: Stroke, unit: number) => FONT[stroke.width] * unit;

export const labelFont = (size: number) => `600 ${size}px system-ui, sans-serif`;

/**
 * How wide a label's text is without a canvas to measure it: system-ui at weight 600 averages
 * about 0.6 of the font size per character.
 */
export const estimateTextWidth = (text: string, size: number) => text.length * size * 0.6;

export function strokePixels(stroke: Stroke, toPx: ToPx): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i + 1 < stroke.points.length; i += 2)
    pts.push(toPx(stroke.points[i]!, stroke.points[i + 1]!));
  return pts;
}

/**
 * An arrow drawn with line width `width`: the shaft stops short of the tip, under a filled head,
 * so its round cap does not poke through the point.
 */
export function arrowHead(from: Point, to: Point, width: number) {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const head = Math.max(12, width * 3.5);
  const back = (turn: number, length: number) => ({
    x: to.x - length * Math.cos(angle + turn),
    y: to.y - length * Math.sin(angle + turn),
  });
  return { shaftEnd: back(0, head * 0.6), tip: to, left: back(-0.45, head), right: back(0.45, head) };
}

/** A label's dark backing box, for text of `textWidth` starting at `at` in a font of `size`. */
export function labelBox(at: Point, textWidth: number, size: number) {
  const pad = size * 0.3;
  return { x: at.x - pad, y: at.y - pad, width: textWidth + pad * 2, height: size * 1.2 + pad * 2, pad };
}

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/** The ellipse inscribed in the box two corners span (the ellipse tool drags a bounding box). */
export const ellipseIn = (a: Point, b: Point): Ellipse => ({
  cx: (a.x + b.x) / 2,
  cy: (a.y + b.y) / 2,
  rx: Math.abs(b.x - a.x) / 2,
  ry: Math.abs(b.y - a.y) / 2,
});
