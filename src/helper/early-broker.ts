import type { SessionLink } from '../core/protocol/link.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import type { Transport } from '../core/signaling/transport.ts';

/**
 * The broker connection, opened as a first-time helper's page loads: the share's status is read on it
 * before they are asked a name, and it is kept while they type one, so that Join only has to
 * send (docs/decisions/0008-spare-peer-and-early-peer.md). Best effort: one that failed or dropped
 * before Join is closed and the join connects afresh (and says so if it cannot); one still
 * connecting is what the join waits for, failure included.
 */
export function connectEarly(link: Pick<SessionLink, 'brokerUrl' | 'sessionId'>) {
  let state: 'connecting' | 'failed' | 'handed-over' = 'connecting';
  let online = false;
  const { brokerUrl, sessionId } = link;
  const connected = connectMqtt(brokerUrl, { sessionId, onOnline: (value) => (online = value) }).catch(() => {
    if (state === 'connecting') state = 'failed';
    return null;
  });
  return {
    /** Whether it is of no more use (failed, or taken): a new check or join connects afresh. */
    get spent() {
      return state !== 'connecting';
    },
    /** The connection, to read the share's status on, still kept for the join; `null` if it failed. */
    peek: (): Promise<Transport | null> => connected,
    /** The connection for the first join (it then owns it), or `null` to connect afresh. */
    take(): Promise<Transport | null> | null {
      if (state !== 'connecting') return null;
      state = 'handed-over';
      return connected.then((transport) => {
        if (online) return transport;
        // Up once and down now (the broker went away while they typed): a join would wait on it in
        // silence, where a fresh connection says what is wrong.
        if (transport) {
          transport.close();
          return connectMqtt(brokerUrl, { sessionId }).catch(() => null);
        }
        return null;
      });
    },
    /** Nobody joined with it (the page or the link went): close it. */
    release() {
      if (state !== 'connecting') return;
      state = 'handed-over';
      void connected.then((transport) => transport?.close());
    },
  };
}
