import * as v from 'valibot';
import { parseJsonMessage } from './parse-json.ts';

/**
 * Annotation messages, version 1: helper -> sharer on the reliable, ordered `ink` data channel.
 * Points are flat `[x0, y0, x1, y1, ...]` fractions (0..1) of the video frame. See README,
 * "Annotation schema".
 */
export const INK_VERSION = 1;
export const PALETTE = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff'] as const;
export const WIDTHS = [1, 2, 3] as const;
export const DRAW_TOOLS = ['pen', 'highlighter', 'arrow', 'rect', 'ellipse'] as const;
export type DrawTool = (typeof DRAW_TOOLS)[number];
export type Color = (typeof PALETTE)[number];
export type Width = (typeof WIDTHS)[number];

export const MAX_POINTS = 4096;
export const MAX_TEXT = 200;
export const MAX_INK_MESSAGE_BYTES = 64 * 1024;

const Unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const Points = (min: number) =>
  v.pipe(
    v.array(Unit),
    v.minLength(min),
    v.maxLength(MAX_POINTS * 2),
    v.check((pts) => pts.length % 2 === 0, 'points come in x, y pairs'),
  );
const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,24}$/));
const Style = {
  color: v.picklist(PALETTE),
  width: v.picklist(WIDTHS),
  // Pinned strokes stay; the rest vanish a few seconds after they end ("vanishing ink").
  pinned: v.boolean(),
};
const V = v.literal(INK_VERSION);

export const InkMessage = v.variant('t', [
  v.object({ v: V, t: v.literal('begin'), id: Id, tool: v.picklist(DRAW_TOOLS), ...Style, pts: Points(2) }),
  v.object({ v: V, t: v.literal('add'), id: Id, pts: Points(2) }),
  v.object({ v: V, t: v.literal('end'), id: Id }),
  v.object({
    v: V,
    t: v.literal('text'),
    id: Id,
    at: v.pipe(v.array(Unit), v.length(2)),
    // Drawn with fillText, never parsed as HTML; control characters are refused.
    text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT), v.regex(/^[^\p{Cc}]*$/u)),
    ...Style,
  }),
  v.object({ v: V, t: v.literal('remove'), id: Id }),
  v.object({ v: V, t: v.literal('clear') }),
]);
export type InkMessage = v.InferOutput<typeof InkMessage>;

export const parseInkMessage = (data: unknown): InkMessage | null =>
  parseJsonMessage(InkMessage, data, MAX_INK_MESSAGE_BYTES);

export const encodeInkMessage = (message: InkMessage): string => JSON.stringify(message);
