import { randomId } from '../../src/core/util/bytes.ts';
import { importSessionKey } from '../../src/core/crypto/session-key.ts';
import { createSessionLink } from '../../src/core/protocol/link.ts';
import type { LiveStatus } from '../../src/core/protocol/signal.ts';
import { startHelperSignaling } from '../../src/core/signaling/helper-signaling.ts';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { createSecureChannel } from '../../src/core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../../src/core/signaling/sharer-signaling.ts';
import { helperEvents, sharerEvents } from './signaling-events.ts';

const LIVE: LiveStatus = { sharerName: 'Sam', iceServers: [], iceTransportPolicy: 'all' };

/**
 * A sharer who goes live and a helper, with Lookover's own signaling code, each on its connection
 * from 127.0.0.1. `complete()` runs the helper: it reads the live status record, joins with its
 * offer until the sharer answers, and resolves with what it heard.
 */
export async function startNormalSession(brokerUrl: string, timeoutMs = 8000) {
  const link = createSessionLink(brokerUrl);
  const key = await importSessionKey(link.key);
  const channel = async () =>
    createSecureChannel({
      transport: await connectMqtt(brokerUrl, { connectTimeoutMs: timeoutMs }),
      key,
      selfId: randomId(),
    });
  const sharerChannel = await channel();
  const sharer = startSharerSignaling(
    sharerChannel,
    link.sessionId,
    sharerEvents({
      onJoin: (id, name, _resume, sdp) => void sharer.sendAnswer(id, `${name}: answer to ${sdp}`),
    }),
  );
  await sharer.announceLive(LIVE);
  const helperChannel = await channel();

  const complete = async (): Promise<string[]> => {
    const heard: string[] = [];
    let retry: NodeJS.Timeout | undefined;
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`normal session incomplete: ${heard}`)), timeoutMs);
        const helper = startHelperSignaling(
          helperChannel,
          link.sessionId,
          helperEvents({
            onLive: (live) => {
              heard.push(`live, shared by ${live.sharerName}`);
              const join = () => void helper.join('Ana', 'resume-token-123456', 'offer');
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
          }),
        );
      });
    } finally {
      clearInterval(retry);
    }
  };
  const close = () => {
    sharerChannel.close();
    helperChannel.close();
  };
  return { sessionId: link.sessionId, complete, close };
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
