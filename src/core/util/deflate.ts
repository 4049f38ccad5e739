import { deflateSync, inflateSync } from 'fflate';

/**
 * Raw DEFLATE (RFC 1951), synchronous through fflate. It was the Compression Streams API: on a busy
 * machine its chain of stream reads, a task each, delayed every sealed offer and answer. This runs
 * in the same task, with no hop (docs/decisions/0010-few-small-signaling-messages.md).
 */
export function deflate(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return deflateSync(bytes) as Uint8Array<ArrayBuffer>;
}

/**
 * Inflates into a buffer one byte larger than `limit`: output past it is never stored, so a small
 * message that would inflate past the limit (a bomb) is refused, not expanded in memory.
 */
export function inflate(bytes: Uint8Array<ArrayBuffer>, limit: number): Uint8Array<ArrayBuffer> | null {
  try {
    const out = inflateSync(bytes, { out: new Uint8Array(limit + 1) });
    return out.length > limit ? null : (out.slice() as Uint8Array<ArrayBuffer>);
  } catch {
    return null;
  }
}
