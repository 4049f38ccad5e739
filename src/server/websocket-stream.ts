import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocket } from 'ws';

/**
 * A WebSocket as the byte stream aedes writes MQTT packets to, one frame per packet or burst.
 * aedes writes a packet in pieces (fixed header, length, topic, payload): sent as they come, each
 * piece is its own frame, down to one byte, and a browser runs one message task per frame. On a
 * busy page those tasks queue behind everything else, and set-ups through this broker were slower
 * than through Mosquitto, which sends a packet in one frame. Writes made in the same tick are
 * gathered and sent as one frame (docs/decisions/0011-mqtt-packets-leave-whole.md).
 */
export function websocketStream(ws: WebSocket): Duplex {
  const stream = createWebSocketStream(ws);
  const writable = stream as Duplex & {
    _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void;
  };
  writable._writev = (chunks, callback) =>
    ws.send(Buffer.concat(chunks.map(({ chunk }) => chunk)), (error) => callback(error ?? null));
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let corked = false;
  stream.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    return write(...args);
  }) as Duplex['write'];
  return stream;
}
