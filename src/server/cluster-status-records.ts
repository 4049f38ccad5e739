import type { Redis } from 'ioredis';
import { createStatusRecords, type RetainedPacket, type Writer } from './status-records.ts';

const KEY_PREFIX = 'lookover:status:';
const recordKey = (topic: string) => KEY_PREFIX + topic;

/**
 * Takes the record for its writer, in one step so two nodes cannot both take a new one: `other`
 * when another client owns it, `none` when there is none to clear, `own` when the writer already
 * owns it (its node now keeps it), `new` when it is the writer's from now on.
 */
const CLAIM = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner then
  if owner ~= ARGV[1] then return 'other' end
  redis.call('HSET', KEYS[1], 'node', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 'own'
end
if ARGV[5] == '1' then return 'none' end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'node', ARGV[2], 'address', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 'new'`;

/** Writes (or, empty, removes) the record this node claimed for the publish being stored. */
const STORE = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
if string.len(ARGV[2]) == 0 then redis.call('DEL', KEYS[1]) else redis.call('HSET', KEYS[1], 'payload', ARGV[2]) end
return 1`;

/** Sets the record's expiry (`ARGV[3]` ms), or removes it (`del`), if `ARGV[1]` owns it through this node. */
const IF_HELD = `
local held = redis.call('HMGET', KEYS[1], 'owner', 'node')
if held[1] ~= ARGV[1] or held[2] ~= ARGV[2] then return 0 end
if ARGV[3] == 'del' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

export interface ClusterRecordOptions {
  redis: Redis;
  /** This node's id, which its records name while their owner is connected to it. */
  nodeId: string;
  /** How long a record whose owner is connected lasts unless this node renews it. */
  leaseMs: number;
  max: number;
  maxPerAddress: number;
  endedTtlMs: number;
  orphanedTtlMs: number;
}

/**
 * The status records of a cluster (docs/decisions/0025-clustered-server.md). Redis holds each
 * record: its owner's client id, the node that owner is connected to, and the sealed payload,
 * with a Redis expiry. The owner check and the payload are Redis's, so they hold on every node;
 * this node keeps its own ledger of the records its clients wrote (`createStatusRecords`) for the
 * caps, its metrics and which records to renew.
 *
 * - While the owner is connected, its node renews the record's expiry to `leaseMs`: a node that
 *   dies stops renewing, and its records are gone within the lease.
 * - When the owner leaves, its node sets the expiry of the single server (`endedTtlMs` after a
 *   DISCONNECT, `orphanedTtlMs` after a vanished connection).
 * - An owner that republishes through another node (Lookover's client does after every reconnect)
 *   is still the owner, and that node keeps the record from then on.
 */
export function createClusterStatusRecords(options: ClusterRecordOptions) {
  const { redis, nodeId, leaseMs } = options;
  const ifHeld = (topic: string, owner: string, op: 'del' | number) =>
    redis.eval(IF_HELD, 1, recordKey(topic), owner, nodeId, String(op));
  const ledger = createStatusRecords({
    ...options,
    pushedOut: (topic, owner) => void ifHeld(topic, owner, 'del').catch(() => undefined),
  });

  return {
    /** As the single server's `claim`, with the owner taken from Redis. */
    async claim(topic: string, writer: Writer, clearing: boolean): Promise<string | null> {
      const taken = await redis.eval(
        CLAIM,
        1,
        recordKey(topic),
        writer.id,
        nodeId,
        writer.address,
        String(leaseMs),
        clearing ? '1' : '0',
      );
      if (taken === 'other') return 'this status record belongs to another client';
      if (taken === 'none') return null;
      // This node's ledger may still have a record that expired here and was taken elsewhere since.
      if (ledger.ownerOf(topic) !== writer.id) ledger.forget(topic);
      const refusal = ledger.claim(topic, writer, clearing);
      if (refusal && taken === 'new') await ifHeld(topic, writer.id, 'del');
      return refusal;
    },

    async store(packet: RetainedPacket) {
      ledger.store(packet);
      await redis.eval(STORE, 1, recordKey(packet.topic), nodeId, packet.payload);
    },

    async lookup(topics: readonly string[]): Promise<RetainedPacket[]> {
      const payloads = await Promise.all(
        topics.map((topic) => redis.hgetBuffer(recordKey(topic), 'payload')),
      );
      return topics.flatMap((topic, i) => (payloads[i] ? [{ topic, payload: payloads[i] }] : []));
    },

    ownerArrived(id: string) {
      ledger.ownerArrived(id);
      for (const topic of ledger.topicsOf(id)) void ifHeld(topic, id, leaseMs).catch(() => undefined);
    },

    ownerLeft(id: string, saidGoodbye: boolean) {
      ledger.ownerLeft(id, saidGoodbye);
      const ttl = saidGoodbye ? options.endedTtlMs : options.orphanedTtlMs;
      for (const topic of ledger.topicsOf(id)) void ifHeld(topic, id, ttl).catch(() => undefined);
    },

    /** Renews the lease of every record whose owner is connected here; one that moved away is forgotten. */
    async renew() {
      const held = ledger.held();
      const renewed = await Promise.all(held.map(([topic, owner]) => ifHeld(topic, owner, leaseMs)));
      held.forEach(([topic], i) => renewed[i] === 0 && ledger.forget(topic));
    },

    get size() {
      return ledger.size;
    },

    get live() {
      return ledger.live;
    },

    close: () => ledger.close(),
  };
}
