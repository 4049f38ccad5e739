import * as v from 'valibot';

/** Untrusted text (a data-channel message) into a valid value, or `null`: never thrown. */
export function parseJsonMessage<T extends v.GenericSchema>(
  schema: T,
  data: unknown,
  maxLength: number,
): v.InferOutput<T> | null {
  if (typeof data !== 'string' || data.length > maxLength) return null;
  try {
    const result = v.safeParse(schema, JSON.parse(data));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}
