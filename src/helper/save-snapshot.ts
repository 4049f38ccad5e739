import { drawStroke } from '../core/ink/draw-ink.ts';
import { unitFor, type ToPx } from '../core/ink/stroke-shape.ts';
import type { InkController } from './ink-controller.ts';

/** Sorts by time, and is a valid file name everywhere (no colons). */
export const snapshotName = (at: Date) =>
  `lookover-snapshot-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.png`;

/**
 * Saves the frame on screen with the helper's annotations on it, as a PNG download. At the
 * picture's own resolution, not the size it is shown at or zoomed to, and drawn by the same renderer
 * as the page's ink layer, so the snapshot shows what the helper saw. Resolves false if there is
 * no frame yet.
 */
export async function saveSnapshot(
  video: HTMLVideoElement | null,
  controller: InkController,
): Promise<boolean> {
  const width = video?.videoWidth ?? 0;
  const height = video?.videoHeight ?? 0;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!video || !ctx || width === 0 || height === 0) return false;
  ctx.drawImage(video, 0, 0, width, height);
  const toPx: ToPx = (x, y) => ({ x: x * width, y: y * height });
  const unit = unitFor(width);
  for (const { stroke, opacity } of controller.model.visible()) drawStroke(ctx, stroke, opacity, toPx, unit);
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!png) return false;
  const url = URL.createObjectURL(png);
  const link = document.createElement('a');
  link.href = url;
  link.download = snapshotName(new Date());
  link.click();
  // The download has read the blob by then; the page may stay open for hours.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
