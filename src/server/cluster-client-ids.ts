import type { Redis } from 'ioredis';

const KEY_PREFIX = 'lookover:client:';

/** Takes the id for this node (`ARGV[1]`) for `ARGV[2]` ms, unless another node holds it. */
const TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Renews (`ARGV[2]` ms) or lets go of (`del`) the id, if this node (`ARGV[1]`) holds it. */
const IF_HOLDER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == 'del' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * The single server's rule for client ids (src/server/client-ids.ts) across the cluster: an id
 * connected to one node is refused on every other, where MQTT (and aedes's own clustering) would
 * let the newcomer throw it off. The node holds each id it has connected on a lease it renews;
 * ids on a node that died are free once their lease runs out, as a dead connection's id on one
 * server is free once the server notices. Whether the id is free on this node is still for
 * `createClientIds` to say.
 */
export function createClusterClientIds(redis: Redis, nodeId: string, leaseMs: number) {
  const held = new Set<string>();
  const ifHolder = (id: string, op: 'del' | number) =>
    redis.eval(IF_HOLDER, 1, KEY_PREFIX + id, nodeId, String(op));
  return {
    /** Takes `id` for this node, or says why not. */
    async claim(id: string): Promise<string | null> {
      const taken = await redis.eval(TAKE, 1, KEY_PREFIX + id, nodeId, String(leaseMs));
      if (taken === 0) return 'client id already connected';
      held.add(id);
      return null;
    },
    /** The last connection with `id` on this node has gone. */
    release(id: string) {
      held.delete(id);
      void ifHolder(id, 'del').catch(() => undefined);
    },
    async renew() {
      await Promise.all([...held].map((id) => ifHolder(id, leaseMs)));
    },
  };
}
