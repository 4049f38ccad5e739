export type PayloadHandler = (payload: Uint8Array | string) => void;

/**
 * The one thing signaling needs from a broker (after Trystero's strategies): subscribe returns
 * its own unsubscribe, publish is fire-and-forget, close ends it all. MQTT is one adapter; tests
 * use the in-memory one.
 */
export interface Transport {
  subscribe(topic: string, onPayload: PayloadHandler): () => void;
  /** `retain` only for a session's status record: signaling itself is never retained. */
  publish(topic: string, payload: Uint8Array, options?: { retain?: boolean }): void;
  close(): void;
}
