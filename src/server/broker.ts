import { Aedes, type Client } from 'aedes';
import { MAX_ENVELOPE_BYTES } from '../core/protocol/envelope.ts';
import { sessionOfTopic } from '../core/signaling/topics.ts';

const SESSION = Symbol('lookover.session');
type Confined = Client & { [SESSION]?: string };

/**
 * The embedded broker knows nothing of sessions beyond topic authorisation: a client may only use
 * Lookover topics (no wildcards), all under the first session it touches, with capped payloads and
 * nothing retained. Payloads are ciphertext it cannot read.
 */
export function createBroker(): Promise<Aedes> {
  const confine = (client: Client | null, topic: string): Error | null => {
    const session = sessionOfTopic(topic);
    if (session === null) return new Error(`topic not allowed: ${topic.slice(0, 80)}`);
    if (!client) return null;
    const confined = client as Confined;
    confined[SESSION] ??= session;
    return confined[SESSION] === session ? null : new Error('one session per connection');
  };
  return Aedes.createBroker({
    maxClientsIdLength: 64,
    maxTopicLevels: 8,
    authorizePublish(client, packet, callback) {
      if (packet.payload.length > MAX_ENVELOPE_BYTES) return callback(new Error('payload too large'));
      if (packet.retain) return callback(new Error('retained messages are not allowed'));
      callback(confine(client, packet.topic));
    },
    authorizeSubscribe(client, subscription, callback) {
      // A null subscription is a negative SUBACK (0x80): refused, but the client stays connected.
      callback(null, confine(client, subscription.topic) ? null : subscription);
    },
  });
}
