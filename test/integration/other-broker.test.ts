import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type RunningBroker } from '../bench/brokers.ts';
import { WHOLE_SESSION, wholeSession } from '../support/whole-session.ts';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker?.stop());

// Any MQTT broker with WebSockets must work, not only the embedded one
// (docs/decisions/0002-any-mqtt-broker.md).
describe('signaling through Mosquitto', () => {
  it('completes status, join with offer, answer, ICE and admit; a late open of a stopped share hears "ended"', async () => {
    const { heard, late } = await wholeSession(broker.url);
    expect(heard).toEqual(expect.arrayContaining(WHOLE_SESSION));
    // The retained status record works on Mosquitto too.
    expect(late).toEqual(['ended']);
  });
});
