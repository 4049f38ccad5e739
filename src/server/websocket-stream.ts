import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_GOING_AWAY, CLOSE_NORMAL, CLOSE_POLICY_VIOLATION } from './close-codes.ts';
import { CLOSE_GRACE_MS } from './limits.ts';
import { PUBLISH } from './mqtt-fixed-header.ts';
import { createPacketFollower } from './packet-follower.ts';
import type { PacketGuard, Refusal } from './packet-guard.ts';

/** What a connection's traffic adds to the server's metrics: MQTT bytes each way, PUBLISHes sent. */
export interface TrafficMeter {
  received(bytes: number): void;
  sent(bytes: number): void;
  publishSent(): void;
}

/** The longest close reason a WebSocket close frame carries, in bytes. */
const MAX_CLOSE_REASON_BYTES = 123;
/** Bytes queued on a WebSocket and not yet sent, past which a write waits for them to go. */
const UNSENT_BYTES_BEFORE_WAITING = 64 * 1024;

/**
 * A WebSocket as the byte stream aedes reads MQTT from and writes it to.
 *
 * Reading: every byte passes the packet guard before aedes sees it, so an oversize packet is
 * refused from its fixed header and never buffered (docs/decisions/0018-broker-limits.md).
 *
 * Writing: one frame per packet or burst. aedes writes a packet in pieces (fixed header, length,
 * topic, payload): sent as they come, each piece is its own frame, down to one byte, and a browser
 * runs one message task per frame. On a busy page those tasks queue behind everything else, and
 * set-ups through this broker were slower than through Mosquitto, which sends a packet in one
 * frame. Writes made in the same tick are gathered and sent as one frame
 * (docs/decisions/0011-mqtt-packets-leave-whole.md).
 *
 * Closing: a connection closed for a reason (a limit broken, an error aedes raised) tells the client
 * why in the close frame, and the server once through `onRefused`. One closed because the server
 * is stopping says so with 1001, "going away", which clients take as their cue to reconnect.
 */
export class BrokerSocket extends Duplex {
  #refusal: Refusal | null = null;
  #closeTimer: NodeJS.Timeout | null = null;
  readonly #followSent: (bytes: Uint8Array) => void;

  constructor(
    private readonly ws: WebSocket,
    /** The client's address, for the per-address limits and the log. */
    readonly address: string,
    private readonly guard: PacketGuard,
    private readonly onRefused: (reason: string) => void,
    private readonly meter: TrafficMeter,
  ) {
    super();
    this.#followSent = createPacketFollower((header) => {
      if (header !== 'malformed' && header.type === PUBLISH) meter.publishSent();
      return true;
    });
    ws.on('message', (data: RawData) => this.#receive(bytesOf(data)));
    ws.once('close', () => {
      if (this.#closeTimer) clearTimeout(this.#closeTimer);
      if (!this.destroyed) this.push(null);
    });
    ws.on('error', (error) => this.destroy(error));
    this.#sendWritesOfOneTickAsOneFrame();
  }

  /** The client sent DISCONNECT: it left on purpose, not by losing its connection. */
  get saidGoodbye(): boolean {
    return this.guard.saidGoodbye;
  }

  /** Closes the connection with `reason`: in the close frame for the client, and logged once. */
  refuse(reason: string, code = CLOSE_POLICY_VIOLATION) {
    if (this.#refusal || this.destroyed) return;
    this.#refusal = { code, reason };
    this.onRefused(reason);
    this.destroy();
  }

  /** Closes the connection with 1001 and `reason`: not the client's doing, so not a refusal. */
  goAway(reason: string) {
    if (this.#refusal || this.destroyed) return;
    this.#refusal = { code: CLOSE_GOING_AWAY, reason };
    this.destroy();
  }

  #receive(bytes: Buffer) {
    this.meter.received(bytes.length);
    if (this.#refusal || this.destroyed) return;
    const refusal = this.guard.feed(bytes);
    if (refusal) return this.refuse(refusal.reason, refusal.code);
    if (!this.push(bytes)) this.ws.pause();
  }

  override _read() {
    if (this.ws.isPaused) this.ws.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.#send(chunk, callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void) {
    this.#send(Buffer.concat(chunks.map(({ chunk }) => chunk)), callback);
  }

  /**
   * Done at once while the client keeps up, so nothing waits in this stream when it is destroyed;
   * past `UNSENT_BYTES_BEFORE_WAITING`, done once sent, so aedes's writes see the back-pressure.
   */
  #send(bytes: Buffer, callback: (error?: Error | null) => void) {
    this.meter.sent(bytes.length);
    this.#followSent(bytes);
    if (this.ws.bufferedAmount >= UNSENT_BYTES_BEFORE_WAITING)
      return this.ws.send(bytes, (error) => callback(error ?? null));
    this.ws.send(bytes);
    callback(null);
  }

  /** What was written in this tick still goes, before the close frame. */
  override destroy(error?: Error | null): this {
    while (this.writableCorked > 0) this.uncork();
    return super.destroy(error ?? undefined);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    if (error && !this.#refusal) {
      this.#refusal = { code: CLOSE_POLICY_VIOLATION, reason: error.message };
      this.onRefused(error.message);
    }
    const ws = this.ws;
    // What the client sends after this is dropped (see #receive), and read only to find its close frame.
    if (ws.isPaused) ws.resume();
    if (ws.readyState === ws.OPEN) {
      ws.close(this.#refusal?.code ?? CLOSE_NORMAL, closeReason(this.#refusal?.reason ?? ''));
    }
    if (ws.readyState !== ws.CLOSED) {
      this.#closeTimer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      this.#closeTimer.unref();
    }
    callback(null);
  }

  #sendWritesOfOneTickAsOneFrame() {
    const write = this.write.bind(this) as (...args: unknown[]) => boolean;
    let corked = false;
    this.write = ((...args: unknown[]) => {
      if (!corked) {
        corked = true;
        this.cork();
        process.nextTick(() => {
          corked = false;
          this.uncork();
        });
      }
      return write(...args);
    }) as Duplex['write'];
  }
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function closeReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1);
  return cut;
}
