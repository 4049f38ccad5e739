export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Size {
  x: number;
  y: number;
}

/** Where media of `media` size is drawn inside `box` with `object-fit: contain` (letterboxed). */
export function containRect(box: Size, media: Size): Rect {
  if (media.width <= 0 || media.height <= 0 || box.width <= 0 || box.height <= 0) {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  const scale = Math.min(box.width / media.width, box.height / media.height);
  const width = media.width * scale;
  const height = media.height * scale;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/**
 * A point in the box (CSS pixels from its top-left) as a fraction of the video frame, or `null`
 * when it falls on the letterbox bars or the video has no frame yet.
 */
export function toFramePoint(
  point: { x: number; y: number },
  box: Size,
  media: Size,
): { x: number; y: number } | null {
  const frame = containRect(box, media);
  if (frame.width === 0) return null;
  const x = (point.x - frame.x) / frame.width;
  const y = (point.y - frame.y) / frame.height;
  return x >= 0 && x <= 1 && y >= 0 && y <= 1 ? { x, y } : null;
}

/** The largest size with `source`'s aspect ratio that fits in `limit` (never scaled up), in whole pixels. */
export function fitWithin(source: Size, limit: Size): Size {
  const scale = Math.min(1, limit.width / source.width, limit.height / source.height);
  return { width: Math.round(source.width * scale), height: Math.round(source.height * scale) };
}

/**
 * A frame point (fractions of the captured frame) in the shared viewport's CSS pixels. Tab capture
 * letterboxes the tab into the frame when their shapes differ (after a window resize), so undo that.
 */
export function frameToViewport(point: { x: number; y: number }, frame: Size, viewport: Size) {
  const content = containRect(frame, viewport);
  if (content.width === 0) return { x: point.x * viewport.width, y: point.y * viewport.height };
  const scale = viewport.width / content.width;
  return { x: (point.x * frame.width - content.x) * scale, y: (point.y * frame.height - content.y) * scale };
}

/** The helper's zoom and pan: `translate(x, y) scale(scale)` applied to the stage, origin top-left. */
export interface View {
  scale: number;
  x: number;
  y: number;
}
export const IDENTITY_VIEW: View = { scale: 1, x: 0, y: 0 };
export const MAX_ZOOM = 8;

/** A point on the zoomed, panned stage (CSS pixels) as a fraction of the video frame, or `null` off it. */
export function stageToFrame(point: { x: number; y: number }, stage: Size, media: Size, view: View) {
  return toFramePoint(
    { x: (point.x - view.x) / view.scale, y: (point.y - view.y) / view.scale },
    stage,
    media,
  );
}

/** A frame point back on the stage (for drawing the helper's own ink under the same zoom). */
export function frameToStage(point: { x: number; y: number }, stage: Size, media: Size, view: View) {
  const frame = containRect(stage, media);
  return {
    x: (frame.x + point.x * frame.width) * view.scale + view.x,
    y: (frame.y + point.y * frame.height) * view.scale + view.y,
  };
}

/** Zooms by `factor` keeping the point under the cursor where it is (wheel and pinch). */
export function zoomAt(view: View, at: { x: number; y: number }, factor: number): View {
  const scale = Math.min(MAX_ZOOM, Math.max(1, view.scale * factor));
  if (scale === 1) return IDENTITY_VIEW;
  const k = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k };
}
