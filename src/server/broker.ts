import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { MAX_ENVELOPE_BYTES } from '../core/protocol/envelope.ts';
import { isStatusTopic, sessionOfTopic } from '../core/signaling/topics.ts';
import { createRateLimiter } from '../core/util/rate-limit.ts';
import { createClientIds } from './client-ids.ts';
import { connectRefusal } from './connect-rules.ts';
import {
  MAX_CLIENT_ID_LENGTH,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  SUBSCRIBE_BURST,
  SUBSCRIBES_PER_SECOND,
  type ServerLimits,
} from './limits.ts';
import { createStatusRecords, type RetainedPacket, type StatusRecords } from './status-records.ts';
import { BrokerSocket } from './websocket-stream.ts';

const SESSION = Symbol('lookover.session');
/** A status record: live (who shares, ICE servers) or ended. Anything bigger is not one. */
const MAX_STATUS_BYTES = 4096;
type Confined = Client & { [SESSION]?: string };

/**
 * The embedded broker knows nothing of sessions beyond topic authorisation: a client may only use
 * Lookover topics (no wildcards), all under the first session it touches, with capped payloads and
 * rate, and may retain only a session's small status record, which its first writer owns. Payloads
 * are ciphertext it cannot read. What one client may cost it: docs/decisions/0018-broker-limits.md.
 *
 * An error passed to an aedes hook closes the connection, and its message is the close reason the
 * client reads and the server logs (src/server/websocket-stream.ts).
 */
export async function createBroker(
  limits: ServerLimits,
): Promise<{ broker: Aedes; statusRecords: Pick<StatusRecords, 'size' | 'live'> }> {
  const publishRate = createRateLimiter();
  const subscribeRate = createRateLimiter({ burst: SUBSCRIBE_BURST, perSecond: SUBSCRIBES_PER_SECOND });
  const records = createStatusRecords({
    max: limits.maxStatusRecords,
    maxPerAddress: limits.maxConnectionsPerAddress,
    endedTtlMs: limits.endedStatusTtlMs,
    orphanedTtlMs: limits.orphanedStatusTtlMs,
  });
  const clientIds = createClientIds({ arrived: records.ownerArrived, left: records.ownerLeft });
  const subscribed = new WeakMap<Client, Set<string>>();
  const confine = (client: Client | null, topic: string): Error | null => {
    const session = sessionOfTopic(topic);
    if (session === null) return new Error(`topic not allowed: ${topic.slice(0, 80)}`);
    if (!client) return null;
    const confined = client as Confined;
    confined[SESSION] ??= session;
    return confined[SESSION] === session ? null : new Error('one session per connection');
  };
  const broker = await Aedes.createBroker({
    maxClientsIdLength: MAX_CLIENT_ID_LENGTH,
    maxTopicLevels: 8,
    connectTimeout: limits.connectTimeoutMs,
    preConnect(client, packet, callback) {
      const refusal = connectRefusal(packet);
      if (refusal) return callback(new Error(refusal), false);
      // An empty id is the server's to choose (MQTT 3.1.1, 3.1.3-6): chosen here, it is one the
      // registry knows, and a status record it writes can expire.
      packet.clientId ||= `anonymous-${randomUUID()}`;
      const taken = clientIds.claim(packet.clientId, client.conn);
      if (taken) return callback(new Error(taken), false);
      callback(null, true);
    },
    authorizePublish(client, packet, callback) {
      // An error here disconnects the client (MQTT 3.1.1 has no negative PUBACK): a flood ends there.
      if (client && !publishRate.allow(client)) return callback(new Error('publishing too fast'));
      if (packet.payload.length > MAX_ENVELOPE_BYTES) return callback(new Error('payload too large'));
      if (packet.retain && !(isStatusTopic(packet.topic) && packet.payload.length <= MAX_STATUS_BYTES)) {
        return callback(new Error('only a session status may be retained'));
      }
      const confined = confine(client, packet.topic);
      if (confined || !client || !packet.retain) return callback(confined);
      const writer = { id: client.id, address: addressOf(client) };
      const refusal = records.claim(packet.topic, writer, packet.payload.length === 0);
      callback(refusal ? new Error(refusal) : null);
    },
    authorizeSubscribe(client, subscription, callback) {
      if (!subscribeRate.allow(client)) return callback(new Error('subscribing too fast'));
      // A null subscription is a negative SUBACK (0x80): refused, but the client stays connected.
      if (confine(client, subscription.topic)) return callback(null, null);
      const topics = subscribed.get(client) ?? new Set<string>();
      subscribed.set(client, topics);
      if (!topics.has(subscription.topic) && topics.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
        return callback(new Error(`more than ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`));
      topics.add(subscription.topic);
      callback(null, subscription);
    },
  });
  broker.on('unsubscribe', (topics, client) => {
    for (const topic of topics) subscribed.get(client)?.delete(topic);
  });
  keepRetainedIn(broker, records);
  broker.once('closed', () => records.close());
  return { broker, statusRecords: records };
}

/**
 * aedes keeps retained messages in its persistence; the status records take that part of its
 * in-memory one over (the `storeRetained` and `createRetainedStream*` of aedes-persistence's
 * interface). Only exact topics reach it: every wildcard subscription is refused first.
 */
function keepRetainedIn(broker: Aedes, records: StatusRecords) {
  const persistence = (broker as unknown as { persistence: RetainedStore }).persistence;
  persistence.storeRetained = async (packet) => records.store(packet);
  persistence.createRetainedStream = (pattern) => Readable.from(records.lookup([pattern]));
  persistence.createRetainedStreamCombi = (patterns) => Readable.from(records.lookup(patterns));
}

interface RetainedStore {
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const addressOf = (client: Client): string =>
  client.conn instanceof BrokerSocket ? client.conn.address : (client.req?.socket.remoteAddress ?? 'unknown');
