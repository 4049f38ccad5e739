import { Aedes, type Client } from 'aedes';
import { MAX_ENVELOPE_BYTES } from '../core/protocol/envelope.ts';
import { isStatusTopic, sessionOfTopic } from '../core/signaling/topics.ts';
import { createRateLimiter } from '../core/util/rate-limit.ts';

const SESSION = Symbol('lookover.session');
/** A status record: live (who shares, ICE servers) or ended. Anything bigger is not one. */
const MAX_STATUS_BYTES = 4096;
type Confined = Client & { [SESSION]?: string };

/**
 * The embedded broker knows nothing of sessions beyond topic authorisation: a client may only use
 * Lookover topics (no wildcards), all under the first session it touches, with capped payloads and
 * rate, and may retain only a session's small status record. Payloads are ciphertext it cannot read.
 */
export function createBroker(): Promise<Aedes> {
  const rate = createRateLimiter();
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
      // An error here disconnects the client (MQTT 3.1.1 has no negative PUBACK): a flood ends there.
      if (client && !rate.allow(client)) return callback(new Error('publishing too fast'));
      if (packet.payload.length > MAX_ENVELOPE_BYTES) return callback(new Error('payload too large'));
      if (packet.retain && !(isStatusTopic(packet.topic) && packet.payload.length <= MAX_STATUS_BYTES)) {
        return callback(new Error('only a session status may be retained'));
      }
      callback(confine(client, packet.topic));
    },
    authorizeSubscribe(client, subscription, callback) {
      // A null subscription is a negative SUBACK (0x80): refused, but the client stays connected.
      callback(null, confine(client, subscription.topic) ? null : subscription);
    },
  });
}
