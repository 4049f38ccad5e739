import { describe, expect, it } from 'vitest';
import { distanceToStroke, ERASER_REACH_PX, strokeAt, toEllipse, type HitContext } from './hit-test.ts';
import type { Stroke } from './ink-model.ts';
import { frameToStage, IDENTITY_VIEW, type View } from '../view/geometry.ts';

// A 1000x1000 stage showing a 1000x1000 frame: a frame fraction times 1000 is a stage pixel. Medium
// lines are 6 px wide at unit 1, so a point 10 px from a line's centre is 7 px from its ink.
const stage = { width: 1000, height: 1000 };
const at = (view: View): HitContext => ({
  toPx: (x, y) => frameToStage({ x, y }, stage, stage, view),
  unit: view.scale,
});
const plain = at(IDENTITY_VIEW);

const stroke = (tool: Stroke['tool'], points: number[], more: Partial<Stroke> = {}): Stroke => ({
  key: `me/${tool}`,
  helperId: 'me',
  id: tool,
  tool,
  color: '#34c759',
  width: 2,
  pinned: true,
  points,
  endedAt: 0,
  ...more,
});

// Centre (400, 400), radii 200 and 100.
const ellipse = stroke('ellipse', [0.2, 0.3, 0.6, 0.5]);
const circle = stroke('ellipse', [0.3, 0.3, 0.5, 0.5]);
const rect = stroke('rect', [0.2, 0.3, 0.6, 0.5]);
const pen = stroke('pen', [0.1, 0.1, 0.3, 0.1, 0.3, 0.3]);
// From (100, 500) to (500, 500); the head is 21 px long.
const arrow = stroke('arrow', [0.1, 0.5, 0.5, 0.5]);
// Its box: 22 px type with 6.6 px padding, two characters estimated at 13.2 px each: x 493.4 to 533, y 493.4 to 533.
const label = stroke('text', [0.5, 0.5], { text: 'Hi' });

describe('distance from a point to the ink a stroke paints', () => {
  it.each<[string, Stroke, [number, number], number]>([
    ['pen: on the line', pen, [200, 100], 0],
    ['pen: 10 px off the first segment', pen, [200, 110], 7],
    ['pen: near the second segment', pen, [350, 200], 47],
    ['pen: at the end', pen, [300, 300], 0],
    ['pen: a single tap is a dot', stroke('pen', [0.5, 0.5]), [505, 500], 2],
    ['highlighter: its wide line counts', stroke('highlighter', [0.1, 0.1, 0.3, 0.1]), [200, 115], 3],
    ['arrow: on the shaft', arrow, [300, 500], 0],
    ['arrow: 10 px off the shaft', arrow, [300, 510], 7],
    ['arrow: behind the tail', arrow, [90, 500], 7],
    ['arrow: the tip', arrow, [500, 500], 0],
    ['arrow: 10 px past the tip', arrow, [510, 500], 10],
    ['arrow: the head is wider than the shaft', arrow, [483, 508], 0],
    ['rect: on the top edge', rect, [400, 300], 0],
    ['rect: 10 px above the top edge', rect, [400, 290], 7],
    ['rect: 10 px inside the left edge', rect, [210, 400], 7],
    ['rect: a corner', rect, [600, 500], 0],
    ['rect: the middle is empty', rect, [400, 400], 97],
    ['rect: drawn from the other corner', stroke('rect', [0.6, 0.5, 0.2, 0.3]), [400, 290], 7],
    ['ellipse: right end of the curve', ellipse, [600, 400], 0],
    ['ellipse: top of the curve', ellipse, [400, 300], 0],
    ['ellipse: the curve at 45 degrees', ellipse, [400 + 200 * Math.SQRT1_2, 400 + 100 * Math.SQRT1_2], 0],
    ['ellipse: 10 px outside its end', ellipse, [610, 400], 7],
    ['ellipse: 10 px inside its top', ellipse, [400, 310], 7],
    ['ellipse: the centre is empty', ellipse, [400, 400], 97],
    ['ellipse: drawn from the other corner', stroke('ellipse', [0.6, 0.5, 0.2, 0.3]), [610, 400], 7],
    ['circle: 150 px out from the centre', circle, [400 + 90, 400 + 120], 47],
    ['ellipse: flat, a line', stroke('ellipse', [0.2, 0.4, 0.6, 0.4]), [400, 410], 7],
    ['text: on the label', label, [510, 510], 0],
    ['text: on its padding', label, [495, 495], 0],
    ['text: left of the label', label, [483.4, 510], 10],
    ['text: below the label', label, [510, 543], 10],
    ['no points', stroke('pen', []), [0, 0], Infinity],
  ])('%s', (_name, target, [x, y], expected) => {
    const distance = distanceToStroke(target, { x, y }, plain);
    if (expected === Infinity) return expect(distance).toBe(Infinity);
    expect(distance).toBeCloseTo(expected, 6);
  });

  it.each<[string, Stroke, [number, number]]>([
    ['ellipse centre', ellipse, [400, 400]],
    ['ellipse top-left corner', ellipse, [200, 300]],
    ['ellipse top-right corner', ellipse, [600, 300]],
    ['ellipse bottom-right corner', ellipse, [600, 500]],
    ['ellipse bottom-left corner', ellipse, [200, 500]],
    ['circle corner', circle, [300, 300]],
    ['rect middle', rect, [400, 400]],
  ])('the eraser misses the empty %s', (_name, target, [x, y]) => {
    expect(distanceToStroke(target, { x, y }, plain)).toBeGreaterThan(ERASER_REACH_PX);
  });

  it('a label is as wide as the canvas measures it', () => {
    const measured = { ...plain, measure: () => 100 };
    expect(distanceToStroke(label, { x: 600, y: 510 }, plain)).toBeCloseTo(67, 6);
    expect(distanceToStroke(label, { x: 600, y: 510 }, measured)).toBe(0);
    // Before the canvas is there to measure, the estimate stands.
    expect(distanceToStroke(label, { x: 600, y: 510 }, { ...plain, measure: () => null })).toBeCloseTo(67, 6);
  });
});

describe('distance to an ellipse’s curve', () => {
  // The truth, by brute force: the nearest of 200,000 points on the curve.
  const bruteForce = (x: number, y: number, rx: number, ry: number) => {
    let best = Infinity;
    for (let i = 0; i < 200_000; i++) {
      const t = (i / 200_000) * Math.PI * 2;
      best = Math.min(best, Math.hypot(x - rx * Math.cos(t), y - ry * Math.sin(t)));
    }
    return best;
  };

  it.each([
    ['inside, off-axis', 50, 30, 200, 100],
    ['inside, near the flat side', 10, 80, 200, 100],
    ['inside, near the pointed end', 170, 5, 200, 100],
    ['outside, beyond a corner', 260, 140, 200, 100],
    ['outside, far away', -900, 700, 200, 100],
    ['a tall ellipse', 30, -20, 40, 300],
    ['a very flat one', 120, 3, 300, 4],
    ['a circle', 20, 0, 100, 100],
  ])('%s', (_name, x, y, rx, ry) => {
    expect(toEllipse({ x, y }, { cx: 0, cy: 0, rx, ry })).toBeCloseTo(bruteForce(x, y, rx, ry), 3);
  });
});

describe('what the eraser takes', () => {
  const near = stroke('pen', [0.1, 0.5, 0.9, 0.5], { id: 'near', key: 'me/near' });
  const far = stroke('pen', [0.1, 0.52, 0.9, 0.52], { id: 'far', key: 'me/far' });
  const over = stroke('pen', [0.1, 0.5, 0.9, 0.5], { id: 'over', key: 'me/over' });

  it.each<[string, Stroke[], [number, number], string | null]>([
    ['the nearest of two', [far, near], [500, 505], 'near'],
    ['nothing within reach', [near], [500, 500 + 3 + ERASER_REACH_PX + 1], null],
    ['just within reach', [near], [500, 500 + 3 + ERASER_REACH_PX - 0.5], 'near'],
    ['the newest of two on top of each other', [near, over], [500, 500], 'over'],
    ['not the empty middle of an ellipse', [ellipse], [400, 400], null],
    ['an ellipse on its curve', [ellipse], [600, 400], 'ellipse'],
  ])('%s', (_name, strokes, [x, y], expected) => {
    expect(strokeAt(strokes, { x, y }, plain)?.id ?? null).toBe(expected);
  });

  // The stage mapping zooms the ink with the picture: the ellipse's right end, at frame (0.6, 0.4),
  // is where frameToStage puts it, not where it would be unzoomed.
  const zoomed: View = { scale: 2, x: -400, y: -300 };
  it.each<[string, View, [number, number], string | null]>([
    ['unzoomed, on the curve', IDENTITY_VIEW, [600, 400], 'ellipse'],
    ['zoomed, on the curve', zoomed, [600 * 2 - 400, 400 * 2 - 300], 'ellipse'],
    ['zoomed, where the curve would be unzoomed', zoomed, [600, 400], null],
    ['zoomed, the centre', zoomed, [400 * 2 - 400, 400 * 2 - 300], null],
  ])('%s', (_name, view, [x, y], expected) => {
    expect(strokeAt([ellipse], { x, y }, at(view))?.id ?? null).toBe(expected);
  });
});
