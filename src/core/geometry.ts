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
