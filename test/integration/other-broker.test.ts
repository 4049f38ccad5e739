import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { startMosquitto, type RunningBroker } from '../bench/brokers.ts';
import { newShare, startHelper, startSharer } from '../support/parties.ts';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker?.stop());

// Any MQTT broker with WebSockets must work, not only the embedded one
// (docs/decisions/0002-any-mqtt-broker.md).
describe('signaling through Mosquitto', () => {
  it('completes status, join with offer, answer, ICE and admit; a late open of a stopped share hears "ended"', async () => {
    const share = await newShare(broker.url);
    const heard: string[] = [];
    const sharer = startSharer(await connectMqtt(broker.url), share, {
      onJoin: (id, _name, _returning, sdp) => {
        heard.push(`join with ${sdp}`);
        void sharer.signaling.sendAnswer(id, 'v=0 answer');
      },
      onCandidates: (id, candidates) => {
        heard.push(`ice ${candidates[0]?.candidate}`);
        void sharer.signaling.admit(id);
      },
    });
    await sharer.signaling.announceLive({ sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' });
    const helper = await startHelper(await connectMqtt(broker.url), share.link, {
      onLive: (live) => heard.push(`live, shared by ${live.sharerName}`),
      onAnswer: (sdp) => {
        heard.push(`answer ${sdp}`);
        void helper.signaling.sendCandidates([
          {
            candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
            sdpMid: '0',
            sdpMLineIndex: 0,
          },
        ]);
      },
      onAdmit: () => heard.push('admitted'),
      onEnd: () => heard.push('ended'),
      onWrongKey: () => heard.push('wrong key'),
    });
    const retry = setInterval(() => void helper.signaling.join('Ana', false, 'v=0 offer'), 200);
    await expect.poll(() => heard.includes('admitted'), { timeout: 10_000 }).toBe(true);
    clearInterval(retry);
    expect(heard).toEqual(
      expect.arrayContaining([
        'live, shared by Sam',
        'join with v=0 offer',
        'answer v=0 answer',
        'ice candidate:1 1 udp 1 127.0.0.1 9 typ host',
      ]),
    );

    await sharer.signaling.end();
    sharer.channel.close();
    helper.channel.close();
    // The retained status record works on Mosquitto too.
    const late: string[] = [];
    const lateHelper = await startHelper(await connectMqtt(broker.url), share.link, {
      onEnd: () => late.push('ended'),
      onWrongKey: () => late.push('wrong key'),
    });
    await expect.poll(() => late, { timeout: 10_000 }).toEqual(['ended']);
    lateHelper.channel.close();
  });
});
