/** A retained PUBLISH as aedes stores it: what a later subscriber is sent. */
export interface RetainedPacket {
  topic: string;
  payload: Buffer;
}

export interface Writer {
  /** The MQTT client id: the record's owner, across the reconnects of one client. */
  id: string;
  address: string;
}

interface StatusRecord {
  owner: string;
  address: string;
  /** `null` between the claim and the write it allowed. */
  packet: RetainedPacket | null;
  /** When the owner's connection went, or `null` while it is connected. */
  goneSince: number | null;
  expiry: NodeJS.Timeout | null;
}

/**
 * The broker's retained store, which holds only sessions' status records (nothing else may be
 * retained). The payload is sealed, so whether a record says `live` or `ended` is unknown here;
 * what the broker knows decides how long it stays (docs/decisions/0018-broker-limits.md):
 *
 * - **Who owns it.** The first writer of a topic owns the record while it exists: another client
 *   that writes to it is refused. The owner is a client id, so the sharer's client, publishing its
 *   record again after a reconnect (src/core/signaling/mqtt.ts), is still its owner.
 * - **How long it stays.** While its owner is connected, for as long as that lasts. Once the owner
 *   leaves with a DISCONNECT (Stop, which writes `ended` first), for `endedTtlMs`; when its
 *   connection just vanished (the sharer may come back), for `orphanedTtlMs`.
 * - **How many.** At most `max`, and `maxPerAddress` written from one address. A new record over
 *   either cap pushes out the oldest one whose owner has gone; with none to push out, it is refused.
 *
 * Lookup is by exact topic (subscriptions are never wildcards here): a SUBSCRIBE reads one record,
 * where aedes's in-memory store matched the filter against every retained message.
 */
export function createStatusRecords(options: {
  max: number;
  maxPerAddress: number;
  endedTtlMs: number;
  orphanedTtlMs: number;
  now?: () => number;
  /** Told of each record a cap pushed out (a cluster deletes it from Redis too). */
  pushedOut?: (topic: string, owner: string) => void;
}) {
  const { max, maxPerAddress, endedTtlMs, orphanedTtlMs, now = Date.now, pushedOut } = options;
  const records = new Map<string, StatusRecord>();
  const owned = new Map<string, Set<string>>();
  const fromAddress = new Map<string, number>();

  const remove = (topic: string) => {
    const record = records.get(topic);
    if (!record) return;
    if (record.expiry) clearTimeout(record.expiry);
    records.delete(topic);
    const topics = owned.get(record.owner);
    topics?.delete(topic);
    if (topics?.size === 0) owned.delete(record.owner);
    const count = (fromAddress.get(record.address) ?? 1) - 1;
    if (count === 0) fromAddress.delete(record.address);
    else fromAddress.set(record.address, count);
  };

  /** Removes the record whose owner has been gone longest among those `which` picks. */
  const pushOutOldestOrphan = (which: (record: StatusRecord) => boolean): boolean => {
    let oldest: [string, number] | null = null;
    for (const [topic, record] of records) {
      if (record.goneSince === null || !which(record)) continue;
      if (!oldest || record.goneSince < oldest[1]) oldest = [topic, record.goneSince];
    }
    if (!oldest) return false;
    const owner = records.get(oldest[0])!.owner;
    remove(oldest[0]);
    pushedOut?.(oldest[0], owner);
    return true;
  };

  return {
    /**
     * Whether `writer` may write (or, `clearing`, empty) the record at `topic`: `null` if so, and
     * a new record is then held for it; otherwise why not.
     */
    claim(topic: string, writer: Writer, clearing: boolean): string | null {
      const record = records.get(topic);
      if (record) return record.owner === writer.id ? null : 'this status record belongs to another client';
      if (clearing) return null;
      if (
        (fromAddress.get(writer.address) ?? 0) >= maxPerAddress &&
        !pushOutOldestOrphan((r) => r.address === writer.address)
      )
        return 'too many status records from this address';
      if (records.size >= max && !pushOutOldestOrphan(() => true))
        return 'too many status records on this server';
      records.set(topic, {
        owner: writer.id,
        address: writer.address,
        packet: null,
        goneSince: null,
        expiry: null,
      });
      owned.set(writer.id, (owned.get(writer.id) ?? new Set()).add(topic));
      fromAddress.set(writer.address, (fromAddress.get(writer.address) ?? 0) + 1);
      return null;
    },

    /** aedes's `storeRetained`: writes what `claim` allowed; an empty payload clears the record. */
    store(packet: RetainedPacket) {
      const record = records.get(packet.topic);
      if (!record) return;
      if (packet.payload.length === 0) remove(packet.topic);
      else record.packet = { ...packet };
    },

    /** The records at these topics, for a new subscription. */
    lookup(topics: readonly string[]): RetainedPacket[] {
      return topics.flatMap((topic) => records.get(topic)?.packet ?? []);
    },

    /** The client `id` is connected (again): its records stay. */
    ownerArrived(id: string) {
      for (const topic of owned.get(id) ?? []) {
        const record = records.get(topic)!;
        if (record.expiry) clearTimeout(record.expiry);
        record.expiry = null;
        record.goneSince = null;
      }
    },

    /** The client `id` has gone: its records expire unless it comes back first. */
    ownerLeft(id: string, saidGoodbye: boolean) {
      const ttl = saidGoodbye ? endedTtlMs : orphanedTtlMs;
      for (const topic of owned.get(id) ?? []) {
        const record = records.get(topic)!;
        if (record.expiry) clearTimeout(record.expiry);
        record.goneSince = now();
        record.expiry = setTimeout(() => remove(topic), ttl);
        record.expiry.unref();
      }
    },

    /** Forgets the record at `topic` (in a cluster, when another node's client owns it now). */
    forget: remove,

    /** The topics of the records whose owner is `id`. */
    topicsOf: (id: string): string[] => [...(owned.get(id) ?? [])],

    /** The records whose owner is connected, as `[topic, owner]`. */
    held(): [string, string][] {
      const held: [string, string][] = [];
      for (const [topic, record] of records) if (record.goneSince === null) held.push([topic, record.owner]);
      return held;
    },

    /** Who owns the record at `topic`, if there is one. */
    ownerOf: (topic: string): string | null => records.get(topic)?.owner ?? null,

    get size() {
      return records.size;
    },

    /** Records written whose owner is connected: the shares going on now, as far as the broker knows. */
    get live() {
      let live = 0;
      for (const record of records.values()) if (record.packet && record.goneSince === null) live++;
      return live;
    },

    close() {
      for (const record of records.values()) if (record.expiry) clearTimeout(record.expiry);
      records.clear();
      owned.clear();
      fromAddress.clear();
    },
  };
}

export type StatusRecords = ReturnType<typeof createStatusRecords>;
