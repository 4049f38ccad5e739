import mqtt, { type MqttClient } from 'mqtt';
import { randomId } from '../util/bytes.ts';
import type { Transport } from './transport.ts';

export interface MqttOptions {
  /**
   * The session this connection is for, sent as the MQTT username: a broker that is not Lookover's
   * confines the client by it (`deploy/mosquitto/`, an ACL pattern on `%u`). No password: it is a
   * claim, not a secret, like the session id in a topic.
   */
  sessionId?: string;
  /** How long the first connection may take before we call the broker unreachable. */
  connectTimeoutMs?: number;
  /** Told each time the connection to the broker comes up or goes down. */
  onOnline?(online: boolean): void;
}

export class BrokerUnreachableError extends Error {
  constructor(url: string, cause?: unknown) {
    super(`Cannot reach the signaling broker at ${url}`, { cause });
    this.name = 'BrokerUnreachableError';
  }
}

/**
 * MQTT over WebSocket as a Transport. QoS 1 so a broker hiccup does not lose an offer (duplicates are
 * dropped by the secure channel's replay guard). Only a session's tiny status record is retained.
 */
/** How long closing waits for the broker to acknowledge what was last published. */
const CLOSE_WAIT_MS = 1_000;

export function connectMqtt(url: string, options: MqttOptions = {}): Promise<Transport> {
  const { connectTimeoutMs = 8000, onOnline, sessionId } = options;
  const client = mqtt.connect(url, {
    ...(sessionId === undefined ? {} : { username: sessionId }),
    // 128 random bits, kept across reconnects: the embedded broker gives a session's status record
    // to its first writer's client id (docs/decisions/0018-broker-limits.md), and mqtt.js's own
    // default has 32 bits from Math.random.
    clientId: `lookover_${randomId()}`,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: connectTimeoutMs,
    keepalive: 30,
    resubscribe: true,
  });
  sendWithoutWaiting(client);
  const handlers = new Map<string, Set<(payload: Uint8Array | string) => void>>();
  client.on('message', (topic, payload) => {
    for (const handler of handlers.get(topic) ?? []) handler(payload);
  });
  // Errors surface as the connect timeout (then mqtt.js reconnects by itself); an unhandled
  // 'error' event would throw.
  client.on('error', () => undefined);
  if (onOnline) {
    client.on('connect', () => onOnline(true));
    client.on('close', () => onOnline(false));
  }
  // A broker that restarted without persistence (the embedded one keeps nothing) has lost what we
  // retained: a helper opening the link then would wait for a status record that never comes.
  const retained = new Map<string, Uint8Array>();
  let connectedBefore = false;
  client.on('connect', () => {
    if (connectedBefore)
      for (const [topic, payload] of retained)
        client.publish(topic, asBuffer(payload), { qos: 1, retain: true });
    connectedBefore = true;
  });

  let unacknowledged = 0;
  let onAcknowledged: (() => void) | null = null;
  const transport: Transport = {
    subscribe(topic, onPayload) {
      let set = handlers.get(topic);
      if (!set) {
        set = new Set();
        handlers.set(topic, set);
        client.subscribe(topic, { qos: 1 });
      }
      set.add(onPayload);
      return () => {
        set.delete(onPayload);
        if (set.size === 0 && handlers.get(topic) === set) {
          handlers.delete(topic);
          if (client.connected) client.unsubscribe(topic);
        }
      };
    },
    publish(topic, payload, options) {
      if (options?.retain) retained.set(topic, payload);
      unacknowledged++;
      client.publish(topic, asBuffer(payload), { qos: 1, retain: options?.retain ?? false }, () => {
        unacknowledged--;
        if (unacknowledged === 0) onAcknowledged?.();
      });
    },
    close() {
      handlers.clear();
      // What was just published (the last "ended" status) must be stored before the socket closes:
      // NATS, which keeps retained messages in a replicated stream, lost about one in four "ended"
      // records published just before a close (test/integration/nats-cluster.test.ts), which
      // mqtt.js's `end(false)` did not wait for. So we wait for the broker's acknowledgements, a
      // bounded while.
      const end = () => client.end(false);
      if (unacknowledged === 0 || !client.connected) return end();
      const timer = setTimeout(end, CLOSE_WAIT_MS);
      onAcknowledged = () => {
        clearTimeout(timer);
        end();
      };
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(new BrokerUnreachableError(url));
    }, connectTimeoutMs);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve(transport);
    });
  });
}

type Corkable = { cork(): void; uncork(): void };
type WithStream = { stream?: Corkable; streamBuilder: (client: unknown) => Corkable };

/**
 * mqtt.js writes each packet to a corked stream and uncorks it on `process.nextTick`, which its
 * browser build turns into `setTimeout(0)` (fixed upstream, not in the pinned release): on a busy
 * page every publish then waits behind whatever tasks are queued, and the join and the answer are
 * on the path to the first picture. Uncorked in a microtask instead, the packet leaves in the same
 * task, and whole: the browser stream joins what was corked into one WebSocket message, where
 * without a cork each of a packet's five or six pieces was a message of its own. mqtt.js's own late
 * uncork then finds nothing corked and does nothing. `mqtt.test.ts` fails if this stops applying.
 */
function sendWithoutWaiting(client: MqttClient) {
  const internal = client as unknown as WithStream;
  const uncorkedSooner = (stream: Corkable) => {
    const cork = stream.cork.bind(stream);
    stream.cork = () => {
      cork();
      queueMicrotask(() => stream.uncork());
    };
    return stream;
  };
  if (internal.stream) uncorkedSooner(internal.stream);
  const build = internal.streamBuilder;
  internal.streamBuilder = (c) => uncorkedSooner(build(c));
}

/** mqtt.js types its payload as a Buffer; it writes any Uint8Array as its bytes (Buffer is one). */
const asBuffer = (bytes: Uint8Array) => bytes as unknown as Buffer;
