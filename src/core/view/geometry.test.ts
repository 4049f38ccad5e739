import { describe, expect, it } from 'vitest';
import {
  containRect,
  fitWithin,
  frameToStage,
  frameToViewport,
  IDENTITY_VIEW,
  stageToFrame,
  toFramePoint,
  zoomAt,
} from './geometry.ts';

describe('letterbox geometry', () => {
  it.each([
    [
      'same aspect',
      { width: 800, height: 450 },
      { width: 1280, height: 720 },
      { x: 0, y: 0, width: 800, height: 450 },
    ],
    [
      'bars top and bottom',
      { width: 800, height: 800 },
      { width: 1600, height: 900 },
      { x: 0, y: 175, width: 800, height: 450 },
    ],
    [
      'bars left and right',
      { width: 1000, height: 450 },
      { width: 1600, height: 900 },
      { x: 100, y: 0, width: 800, height: 450 },
    ],
    [
      'no frame yet',
      { width: 800, height: 450 },
      { width: 0, height: 0 },
      { x: 0, y: 0, width: 0, height: 0 },
    ],
  ])('%s', (_name, box, media, expected) => {
    expect(containRect(box, media)).toEqual(expected);
  });

  it.each([
    ['centre', { x: 400, y: 400 }, { x: 0.5, y: 0.5 }],
    ['top-left of the picture', { x: 0, y: 175 }, { x: 0, y: 0 }],
    ['bottom-right of the picture', { x: 800, y: 625 }, { x: 1, y: 1 }],
    ['on the top bar', { x: 400, y: 100 }, null],
    ['on the bottom bar', { x: 400, y: 700 }, null],
    ['outside the box', { x: -5, y: 400 }, null],
  ])('maps %s', (_name, point, expected) => {
    expect(toFramePoint(point, { width: 800, height: 800 }, { width: 1600, height: 900 })).toEqual(expected);
  });
});

describe('capture size and overlay mapping', () => {
  it.each([
    ['small tab kept as is', { width: 1024, height: 553 }, { width: 1024, height: 553 }],
    ['wide tab scaled down', { width: 3840, height: 1600 }, { width: 1920, height: 800 }],
    ['tall tab scaled down', { width: 1000, height: 2160 }, { width: 500, height: 1080 }],
  ])('%s', (_name, source, expected) => {
    expect(fitWithin(source, { width: 1920, height: 1080 })).toEqual(expected);
  });

  it.each([
    [
      'frame matches the viewport',
      { width: 1000, height: 500 },
      { width: 1000, height: 500 },
      { x: 0.5, y: 0.2 },
      { x: 500, y: 100 },
    ],
    [
      'frame twice the size (HiDPI)',
      { width: 2000, height: 1000 },
      { width: 1000, height: 500 },
      { x: 0.25, y: 1 },
      { x: 250, y: 500 },
    ],
    // The window got taller after capture started: the tab is pillarboxed in the 1000x500 frame.
    [
      'pillarboxed after a resize',
      { width: 1000, height: 500 },
      { width: 500, height: 500 },
      { x: 0.25, y: 0.5 },
      { x: 0, y: 250 },
    ],
    [
      'a square window in a wide frame',
      { width: 1000, height: 500 },
      { width: 1000, height: 1000 },
      { x: 0.5, y: 0 },
      { x: 500, y: 0 },
    ],
    [
      'a tall window in a wide frame',
      { width: 1000, height: 500 },
      { width: 400, height: 800 },
      { x: 0.375, y: 0.5 },
      { x: 0, y: 400 },
    ],
  ])('%s', (_name, frame, viewport, point, expected) => {
    expect(frameToViewport(point, frame, viewport)).toEqual(expected);
  });
});

describe('helper zoom and pan', () => {
  // An 800x800 stage showing a 1600x900 frame: letterboxed to 800x450 at y=175.
  const stage = { width: 800, height: 800 };
  const media = { width: 1600, height: 900 };
  const zoomed = zoomAt(IDENTITY_VIEW, { x: 400, y: 400 }, 2);

  it.each([
    ['no zoom, centre', IDENTITY_VIEW, { x: 400, y: 400 }, { x: 0.5, y: 0.5 }],
    ['no zoom, letterbox bar', IDENTITY_VIEW, { x: 400, y: 100 }, null],
    ['2x at the centre, centre stays', zoomed, { x: 400, y: 400 }, { x: 0.5, y: 0.5 }],
    ['2x at the centre, top-left of the stage', zoomed, { x: 0, y: 0 }, { x: 0.25, y: 0.5 - 200 / 450 }],
    [
      'the picture panned right by 100',
      { scale: 2, x: -300, y: -400 },
      { x: 400, y: 400 },
      { x: 0.5 - 50 / 800, y: 0.5 },
    ],
  ])('%s', (_name, view, point, expected) => {
    const result = stageToFrame(point, stage, media, view);
    if (expected === null) return expect(result).toBeNull();
    expect(result!.x).toBeCloseTo(expected.x);
    expect(result!.y).toBeCloseTo(expected.y);
  });

  it.each([
    ['identity', IDENTITY_VIEW],
    ['zoomed', zoomed],
    ['zoomed and panned', { scale: 3, x: -500, y: -120 }],
  ])('frameToStage inverts stageToFrame (%s)', (_name, view) => {
    const frame = { x: 0.3, y: 0.6 };
    const back = stageToFrame(frameToStage(frame, stage, media, view), stage, media, view)!;
    expect(back.x).toBeCloseTo(frame.x);
    expect(back.y).toBeCloseTo(frame.y);
  });

  it.each([
    ['zooming out past 1 resets', zoomAt(zoomed, { x: 10, y: 10 }, 0.1), IDENTITY_VIEW],
    ['zoom is capped', zoomAt(IDENTITY_VIEW, { x: 0, y: 0 }, 100), { scale: 8, x: 0, y: 0 }],
  ])('%s', (_name, view, expected) => {
    expect(view).toEqual(expected);
  });
});
