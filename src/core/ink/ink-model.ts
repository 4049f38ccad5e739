import { MAX_POINTS, type Color, type DrawTool, type InkMessage, type Width } from '../protocol/ink.ts';

export interface Stroke {
  /** Unique across helpers: `helperId/id`. */
  key: string;
  helperId: string;
  id: string;
  tool: DrawTool | 'text';
  color: Color;
  width: Width;
  pinned: boolean;
  /** Flat x, y fractions of the frame; for text, where it starts. */
  points: number[];
  text?: string;
  /** When the stroke ended (ms), or null while it is being drawn. */
  endedAt: number | null;
}

/** How long an unpinned stroke stays after it ends, and how long it takes to fade out at the end. */
export const VANISH_MS = 5000;
export const FADE_MS = 1000;
const MAX_STROKES_PER_HELPER = 200;

/**
 * Every helper's strokes, as the sharer's overlay (and each helper for its own ink) keeps them.
 * Pure: time comes from `now`, so vanishing is tested with fake timers.
 */
export function createInkModel(options: { now?: () => number; vanishMs?: number } = {}) {
  const { now = Date.now, vanishMs = VANISH_MS } = options;
  const strokes = new Map<string, Stroke>();
  const keyOf = (helperId: string, id: string) => `${helperId}/${id}`;
  const vanishAt = (stroke: Stroke) =>
    stroke.pinned || stroke.endedAt === null ? Infinity : stroke.endedAt + vanishMs;
  const prune = () => {
    const t = now();
    for (const [key, stroke] of strokes) if (vanishAt(stroke) <= t) strokes.delete(key);
  };
  const add = (stroke: Stroke) => {
    strokes.set(stroke.key, stroke);
    const mine = [...strokes.values()].filter((s) => s.helperId === stroke.helperId);
    // A helper cannot grow the sharer's memory without bound: the oldest stroke goes first.
    if (mine.length > MAX_STROKES_PER_HELPER) strokes.delete(mine[0]!.key);
  };

  return {
    apply(helperId: string, message: InkMessage): void {
      switch (message.t) {
        case 'begin':
          return add({
            key: keyOf(helperId, message.id),
            helperId,
            id: message.id,
            tool: message.tool,
            color: message.color,
            width: message.width,
            pinned: message.pinned,
            points: message.pts.slice(0, MAX_POINTS * 2),
            endedAt: null,
          });
        case 'add': {
          const stroke = strokes.get(keyOf(helperId, message.id));
          if (!stroke || stroke.endedAt !== null) return;
          const room = MAX_POINTS * 2 - stroke.points.length;
          stroke.points.push(...message.pts.slice(0, Math.max(0, room)));
          return;
        }
        case 'end': {
          const stroke = strokes.get(keyOf(helperId, message.id));
          if (stroke && stroke.endedAt === null) stroke.endedAt = now();
          return;
        }
        case 'text':
          return add({
            key: keyOf(helperId, message.id),
            helperId,
            id: message.id,
            tool: 'text',
            color: message.color,
            width: message.width,
            pinned: message.pinned,
            points: [...message.at],
            text: message.text,
            endedAt: now(),
          });
        case 'remove':
          strokes.delete(keyOf(helperId, message.id));
          return;
        case 'clear':
          for (const [key, stroke] of strokes) if (stroke.helperId === helperId) strokes.delete(key);
          return;
      }
    },
    /** What is on screen now, oldest first, with each stroke's opacity (fading before it vanishes). */
    visible(): { stroke: Stroke; opacity: number }[] {
      prune();
      const t = now();
      return [...strokes.values()].map((stroke) => ({
        stroke,
        opacity: Math.max(0, Math.min(1, (vanishAt(stroke) - t) / FADE_MS)),
      }));
    },
    get(helperId: string, id: string): Stroke | undefined {
      prune();
      return strokes.get(keyOf(helperId, id));
    },
    /** Whether anything will change by itself (a fade or a vanish), so the renderer keeps ticking. */
    animating(): boolean {
      return [...strokes.values()].some((stroke) => vanishAt(stroke) !== Infinity);
    },
    clearAll(): void {
      strokes.clear();
    },
  };
}
export type InkModel = ReturnType<typeof createInkModel>;
