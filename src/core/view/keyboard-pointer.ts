/**
 * A pointer moved with the arrow keys, for a helper who cannot or does not use a mouse: where it
 * goes, as a frame position (fractions of the picture), or `null` once hidden. Pure: the keys in,
 * the next position out.
 */
export type KeyPoint = { x: number; y: number } | null;

/** A small step; with Shift, a tenth of the picture. */
export const KEY_STEP = 0.02;
export const KEY_STEP_FAST = 0.1;

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

const clamp = (value: number) => Math.min(1, Math.max(0, Math.round(value * 1e4) / 1e4));

/** What a key does to the pointer, or `undefined` when the key is not the pointer's. */
export function movePointer(at: KeyPoint, key: string, fast: boolean): KeyPoint | undefined {
  if (key === 'Escape') return null;
  const direction = DIRECTIONS[key];
  if (!direction) return undefined;
  // The first press shows it in the middle of the picture.
  if (at === null) return { x: 0.5, y: 0.5 };
  const step = fast ? KEY_STEP_FAST : KEY_STEP;
  return { x: clamp(at.x + direction[0] * step), y: clamp(at.y + direction[1] * step) };
}
