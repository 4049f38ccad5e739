import * as v from 'valibot';
import { utf8 } from '../util/bytes.ts';

/**
 * Whether `text` is at most `maxBytes` as it crossed the wire, in UTF-8. A UTF-16 unit is one to
 * three bytes, so only text longer than a third of the limit needs encoding to know.
 */
const fitsBytes = (text: string, maxBytes: number) =>
  text.length <= maxBytes && (text.length * 3 <= maxBytes || utf8(text).length <= maxBytes);

/** Untrusted text (a data-channel message) into a valid value, or `null`: never thrown. */
export function parseJsonMessage<T extends v.GenericSchema>(
  schema: T,
  data: unknown,
  maxBytes: number,
): v.InferOutput<T> | null {
  if (typeof data !== 'string' || !fitsBytes(data, maxBytes)) return null;
  try {
    const result = v.safeParse(schema, JSON.parse(data));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}
