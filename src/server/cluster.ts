import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import { createClusterClientIds } from './cluster-client-ids.ts';
import { createClusterStatusRecords, type ClusterRecordOptions } from './cluster-status-records.ts';

/**
 * What one node of a cluster shares through Redis (docs/decisions/0025-clustered-server.md):
 * messages between nodes (mqemitter-redis, aedes's documented clustering), the status records and
 * the client ids. The node renews its leases a few times per lease, so one missed renewal (a
 * Redis hiccup, a long pause) does not let them lapse.
 */
export async function joinCluster(redisUrl: string, leaseMs: number) {
  const nodeId = randomUUID();
  // No offline queue on the node's own connection: while Redis is away, a claim fails at once
  // (the client is refused and retries) instead of waiting in a queue.
  const connect = (options: { enableOfflineQueue: boolean }) =>
    new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, ...options });
  const redis = connect({ enableOfflineQueue: false });
  const pubConn = connect({ enableOfflineQueue: true });
  const subConn = connect({ enableOfflineQueue: true });
  const connections = [redis, pubConn, subConn];
  for (const connection of connections) connection.on('error', () => undefined);
  try {
    await Promise.all(connections.map((connection) => connection.connect()));
  } catch (error) {
    for (const connection of connections) connection.disconnect();
    throw new Error(`Redis at ${redactedUrl(redisUrl)} cannot be reached: ${(error as Error).message}`);
  }
  const mq = mqemitterRedis({ pubConn, subConn });
  const clientIds = createClusterClientIds(redis, nodeId, leaseMs);
  let records: ReturnType<typeof createClusterStatusRecords> | null = null;
  const renewal = setInterval(() => {
    void clientIds.renew().catch(() => undefined);
    void records?.renew().catch(() => undefined);
  }, leaseMs / 3);
  renewal.unref();

  return {
    nodeId,
    mq,
    clientIds,
    statusRecords(options: Omit<ClusterRecordOptions, 'redis' | 'nodeId' | 'leaseMs'>) {
      records = createClusterStatusRecords({ ...options, redis, nodeId, leaseMs });
      return records;
    },
    /** For `/healthz`: every connection to Redis is up. */
    healthy: () => connections.every((connection) => connection.status === 'ready'),
    /** After the broker has closed (which closes `mq`'s connections). */
    async close() {
      clearInterval(renewal);
      // `quit` lets what the last clients' departures sent (their records' expiries) finish first.
      await redis.quit().catch(() => undefined);
      for (const connection of connections) connection.disconnect();
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof joinCluster>>;

/** The URL without its password, for messages. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
