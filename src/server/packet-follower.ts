import { readFixedHeader, type FixedHeader } from './mqtt-fixed-header.ts';

/**
 * Follows the MQTT packets in a byte stream by their fixed headers alone, skipping their bodies
 * unread: each header is handed to `onHeader` as it completes, whichever chunks it and the bodies
 * arrive in. `onHeader` returning `false` stops the follower for good (a refusal), as does a
 * malformed length.
 */
export function createPacketFollower(onHeader: (header: FixedHeader | 'malformed') => boolean) {
  const header = new Uint8Array(5);
  let headerBytes = 0;
  let bodyLeft = 0;
  let stopped = false;
  return (chunk: Uint8Array) => {
    for (let i = 0; i < chunk.length && !stopped;) {
      if (bodyLeft > 0) {
        const skipped = Math.min(bodyLeft, chunk.length - i);
        bodyLeft -= skipped;
        i += skipped;
        continue;
      }
      header[headerBytes++] = chunk[i++]!;
      const read = readFixedHeader(header.subarray(0, headerBytes));
      if (read === 'incomplete') continue;
      if (read === 'malformed') {
        onHeader(read);
        stopped = true;
        break;
      }
      headerBytes = 0;
      stopped = !onHeader(read);
      bodyLeft = read.remainingLength;
    }
  };
}
