import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '../../src/core/util/bytes.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { createSessionLink } from '../../src/core/protocol/link.ts';
import { startHelperSignaling } from '../../src/core/signaling/helper-signaling.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../../src/core/signaling/sharer-signaling.ts';
import { startMosquitto, type RunningBroker } from '../bench/brokers.ts';
import { helperEvents, sharerEvents } from '../support/signaling-events.ts';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker?.stop());

// Any MQTT broker with WebSockets must work, not only the embedded one
// (docs/decisions/0002-any-mqtt-broker.md).
describe('signaling through Mosquitto', () => {
  it('completes status, join with offer, answer, ICE and admit; a late open of a stopped share hears "ended"', async () => {
    const link = createSessionLink(broker.url);
    const key = await importSessionKey(link.key);
    const channel = async () =>
      createSecureChannel({ transport: await connectMqtt(broker.url), key, selfId: randomId() });
    const [sharerChannel, helperChannel] = [await channel(), await channel()];
    const heard: string[] = [];
    const sharer = startSharerSignaling(
      sharerChannel,
      link.sessionId,
      sharerEvents({
        onJoin: (id, _name, _resume, sdp) => {
          heard.push(`join with ${sdp}`);
          void sharer.sendAnswer(id, 'v=0 answer');
        },
        onCandidates: (id, candidates) => {
          heard.push(`ice ${candidates[0]?.candidate}`);
          void sharer.admit(id);
        },
      }),
    );
    await sharer.announceLive({ sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' });
    const helper = startHelperSignaling(
      helperChannel,
      link.sessionId,
      helperEvents({
        onLive: (live) => heard.push(`live, shared by ${live.sharerName}`),
        onAnswer: (sdp) => {
          heard.push(`answer ${sdp}`);
          void helper.sendCandidates([
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
      }),
    );
    const retry = setInterval(() => void helper.join('Ana', 'resume-token-123456', 'v=0 offer'), 200);
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

    await sharer.end();
    sharerChannel.close();
    helperChannel.close();
    // The retained status record works on Mosquitto too.
    const lateChannel = await channel();
    const late: string[] = [];
    startHelperSignaling(
      lateChannel,
      link.sessionId,
      helperEvents({
        onEnd: () => late.push('ended'),
        onWrongKey: () => late.push('wrong key'),
      }),
    );
    await expect.poll(() => late, { timeout: 10_000 }).toEqual(['ended']);
    lateChannel.close();
  });
});
