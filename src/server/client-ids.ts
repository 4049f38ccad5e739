/** What the registry needs of a connection: whether it is gone, and when it goes. */
export interface Connection {
  readonly destroyed: boolean;
  /** Whether the client sent DISCONNECT before the connection closed (BrokerSocket knows). */
  readonly saidGoodbye?: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * The client ids of live connections. MQTT lets a second connection with a live client's id take
 * its place; here it is refused instead, so whoever learns an id cannot throw its client off (and,
 * with it, take over the status record it owns). A client whose connection died is let back in
 * once the server notices: at its next missed ping or keepalive.
 */
export function createClientIds(presence: {
  arrived(id: string): void;
  left(id: string, saidGoodbye: boolean): void;
}) {
  const live = new Map<string, Connection>();
  return {
    /** Takes `id` for `connection` until it closes, or says why not. */
    claim(id: string, connection: Connection): string | null {
      const holder = live.get(id);
      if (holder && holder !== connection && !holder.destroyed) return 'client id already connected';
      live.set(id, connection);
      presence.arrived(id);
      connection.once('close', () => {
        if (live.get(id) !== connection) return;
        live.delete(id);
        presence.left(id, connection.saidGoodbye === true);
      });
      return null;
    },
    isLive: (id: string) => live.has(id),
  };
}
