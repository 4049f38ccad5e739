/** MQTT 3.1.1 control packet types (the fixed header's high nibble) the server looks at. */
export const CONNECT = 1;
export const PUBLISH = 3;
export const DISCONNECT = 14;

export interface FixedHeader {
  type: number;
  /** Bytes after the fixed header: what the packet makes its reader buffer. */
  remainingLength: number;
  /** Bytes of the fixed header itself: the type byte and 1 to 4 bytes of length. */
  headerLength: number;
}

/**
 * The fixed header at the start of `bytes`: `incomplete` while the length has not all arrived,
 * `malformed` for a length longer than MQTT's four bytes. Read from the header alone, before a
 * byte of the body is buffered.
 */
export function readFixedHeader(bytes: Uint8Array): FixedHeader | 'incomplete' | 'malformed' {
  const first = bytes[0];
  if (first === undefined) return 'incomplete';
  let remainingLength = 0;
  for (let i = 1; i <= 4; i++) {
    const byte = bytes[i];
    if (byte === undefined) return 'incomplete';
    remainingLength += (byte & 0x7f) * 128 ** (i - 1);
    if ((byte & 0x80) === 0) return { type: first >> 4, remainingLength, headerLength: i + 1 };
  }
  return 'malformed';
}
