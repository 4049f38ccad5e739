import * as v from 'valibot';
import { parseJsonMessage } from './parse-json.ts';

const Unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));

/**
 * Data-channel messages from a helper. Coordinates are normalised to the video frame (0..1 from
 * the top-left), so they land in the same place whatever size either side shows the picture at.
 */
export const PointerMessage = v.variant('t', [
  v.object({ t: v.literal('pointer'), x: Unit, y: Unit }),
  v.object({ t: v.literal('pointer-leave') }),
]);
export type PointerMessage = v.InferOutput<typeof PointerMessage>;

export const MAX_DATA_MESSAGE_BYTES = 16 * 1024;

/** `null` for anything that is not a valid message: dropped and counted by the caller. */
export const parsePointerMessage = (data: unknown): PointerMessage | null =>
  parseJsonMessage(PointerMessage, data, MAX_DATA_MESSAGE_BYTES);

export const encodePointerMessage = (msg: PointerMessage): string => JSON.stringify(msg);
