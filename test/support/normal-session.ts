import type { LiveStatus } from '../../src/core/protocol/signal.ts';
import type { HelperSignaling } from '../../src/core/signaling/helper-signaling.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { newShare, startHelper, startSharer } from './parties.ts';

const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };

/**
 * A sharer who goes live and a helper, with Lookover's own signaling code, each on its connection
 * from 127.0.0.1. `complete()` runs the helper: it reads the live status record, joins with its
 * offer until the sharer answers, and resolves with what it heard.
 */
export async function startNormalSession(brokerUrl: string, timeoutMs = 8000) {
  const share = await newShare(brokerUrl);
  const connect = () =>
    connectMqtt(brokerUrl, { connectTimeoutMs: timeoutMs, sessionId: share.link.sessionId });
  const sharer = startSharer(await connect(), share, {
    onJoin: (id, name, _returning, sdp) => void sharer.signaling.sendAnswer(id, `${name}: answer to ${sdp}`),
  });
  await sharer.signaling.announceLive(LIVE);
  const helperTransport = await connect();
  let helperClose = () => helperTransport.close();

  const complete = async (): Promise<string[]> => {
    const heard: string[] = [];
    let retry: NodeJS.Timeout | undefined;
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`normal session incomplete: ${heard}`)), timeoutMs);
        let helper: HelperSignaling | null = null;
        void startHelper(helperTransport, share.link, {
          onLive: (live) => {
            heard.push(`live, shared by ${live.sharerName}`);
            const join = () => void helper?.join('Ana', false, 'offer');
            join();
            // The sharer's subscription may not be in place yet: join again, as the helper page does.
            retry ??= setInterval(join, 200);
          },
          onAnswer: (sdp) => {
            heard.push(sdp);
            clearTimeout(timer);
            resolve(heard);
          },
          onWrongKey: () => heard.push('wrong key'),
          onEnd: () => heard.push('ended'),
        }).then((started) => {
          helper = started.signaling;
          helperClose = () => started.channel.close();
        });
      });
    } finally {
      clearInterval(retry);
    }
  };
  const close = () => {
    sharer.channel.close();
    helperClose();
  };
  return { sessionId: share.link.sessionId, complete, close };
}

/** What the helper of a normal session hears when it completes. */
export const COMPLETED = ['live, shared by Sam', 'Ana: answer to offer'];

/** A whole normal session: live, join, answer; then closed. */
export async function normalSession(brokerUrl: string) {
  const session = await startNormalSession(brokerUrl);
  try {
    return await session.complete();
  } finally {
    session.close();
  }
}
