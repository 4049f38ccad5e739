import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Aedes, type Client } from 'aedes';
import { MAX_ENVELOPE_BYTES } from '../core/protocol/envelope.ts';
import { isStatusTopic, sessionOfTopic } from '../core/signaling/topics.ts';
import { createRateLimiter } from '../core/util/rate-limit.ts';
import { createClientIds } from './client-ids.ts';
import type { Cluster } from './cluster.ts';
import { connectRefusal } from './connect-rules.ts';
import {
  MAX_CLIENT_ID_LENGTH,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  SUBSCRIBE_BURST,
  SUBSCRIBES_PER_SECOND,
  type ServerLimits,
} from './limits.ts';
import {
  createStatusRecords,
  type RetainedPacket,
  type StatusRecords,
  type Writer,
} from './status-records.ts';
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
 *
 * Given a `cluster`, the same rules hold across its nodes: messages go between nodes through
 * Redis, and the status records and client ids are kept there
 * (docs/decisions/0025-clustered-server.md).
 */
export async function createBroker(
  limits: ServerLimits,
  cluster: Cluster | null = null,
): Promise<{ broker: Aedes; statusRecords: Pick<StatusRecords, 'size' | 'live'> }> {
  const publishRate = createRateLimiter();
  const subscribeRate = createRateLimiter({ burst: SUBSCRIBE_BURST, perSecond: SUBSCRIBES_PER_SECOND });
  const recordOptions = {
    max: limits.maxStatusRecords,
    maxPerAddress: limits.maxConnectionsPerAddress,
    endedTtlMs: limits.endedStatusTtlMs,
    orphanedTtlMs: limits.orphanedStatusTtlMs,
  };
  const records: RecordStore = cluster
    ? cluster.statusRecords(recordOptions)
    : createStatusRecords(recordOptions);
  const clientIds = createClientIds({
    arrived: records.ownerArrived,
    left: (id, saidGoodbye) => {
      records.ownerLeft(id, saidGoodbye);
      cluster?.clientIds.release(id);
    },
  });
  const unavailable = () => new Error('cluster store unavailable');
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
    ...(cluster ? { id: cluster.nodeId, mq: cluster.mq } : {}),
    maxClientsIdLength: MAX_CLIENT_ID_LENGTH,
    maxTopicLevels: 8,
    connectTimeout: limits.connectTimeoutMs,
    preConnect(client, packet, callback) {
      const refusal = connectRefusal(packet);
      if (refusal) return callback(new Error(refusal), false);
      // An empty id is the server's to choose (MQTT 3.1.1, 3.1.3-6): chosen here, it is one the
      // registry knows, and a status record it writes can expire.
      const id = (packet.clientId ||= `anonymous-${randomUUID()}`);
      const claim = () => {
        const taken = clientIds.claim(id, client.conn);
        callback(taken ? new Error(taken) : null, !taken);
      };
      if (!cluster) return claim();
      cluster.clientIds.claim(id).then(
        (taken) => {
          if (taken) return callback(new Error(taken), false);
          // Gone while Redis answered: it would never say it left, and its id would stay held.
          if (client.conn.destroyed) {
            cluster.clientIds.release(id);
            return callback(new Error('connection closed'), false);
          }
          claim();
        },
        () => callback(unavailable(), false),
      );
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
      if (!(refusal instanceof Promise)) return callback(refusal ? new Error(refusal) : null);
      refusal.then(
        (refused) => callback(refused ? new Error(refused) : null),
        () => callback(unavailable()),
      );
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

/** The single server's status records, or a cluster's, whose answers come from Redis. */
interface RecordStore {
  claim(topic: string, writer: Writer, clearing: boolean): string | null | Promise<string | null>;
  store(packet: RetainedPacket): void | Promise<void>;
  lookup(topics: readonly string[]): RetainedPacket[] | Promise<RetainedPacket[]>;
  ownerArrived(id: string): void;
  ownerLeft(id: string, saidGoodbye: boolean): void;
  readonly size: number;
  readonly live: number;
  close(): void;
}

/**
 * aedes keeps retained messages in its persistence; the status records take that part of its
 * in-memory one over (the `storeRetained` and `createRetainedStream*` of aedes-persistence's
 * interface). Only exact topics reach it: every wildcard subscription is refused first.
 */
function keepRetainedIn(broker: Aedes, records: RecordStore) {
  const persistence = (broker as unknown as { persistence: RetainedStore }).persistence;
  const stream = (topics: string[]) => {
    const found = records.lookup(topics);
    return Readable.from(found instanceof Promise ? awaited(found) : found);
  };
  persistence.storeRetained = async (packet) => records.store(packet);
  persistence.createRetainedStream = (pattern) => stream([pattern]);
  persistence.createRetainedStreamCombi = (patterns) => stream(patterns);
}

async function* awaited<T>(items: Promise<T[]>) {
  yield* await items;
}

interface RetainedStore {
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const addressOf = (client: Client): string =>
  client.conn instanceof BrokerSocket ? client.conn.address : (client.req?.socket.remoteAddress ?? 'unknown');
