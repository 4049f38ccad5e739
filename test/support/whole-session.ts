import { expect } from 'vitest';
import { connectMqtt } from '../../src/core/signaling/mqtt.ts';
import { newShare, startHelper, startSharer } from './parties.ts';

/** What a whole session's sharer and helper hear, as `wholeSession` checks it. */
export const WHOLE_SESSION = [
  'live, shared by Sam',
  'join with v=0 offer',
  'answer v=0 answer',
  'ice candidate:1 1 udp 1 127.0.0.1 9 typ host',
  'admitted',
];

/**
 * A whole session's signaling with the real protocol code: status, join with offer, answer, ICE and
 * admit, then Stop; then a helper who opens the link late hears "ended" from the retained status.
 * The sharer connects to `sharerUrl` (the link's broker); the helpers to `helperUrl`, which may be
 * another node of the same cluster. Each connection is for the share's session, as Lookover's are.
 */
export async function wholeSession(sharerUrl: string, helperUrl = sharerUrl, connectTimeoutMs = 8000) {
  const share = await newShare(sharerUrl);
  const connect = (url: string) => connectMqtt(url, { sessionId: share.link.sessionId, connectTimeoutMs });
  const heard: string[] = [];
  const sharer = startSharer(await connect(sharerUrl), share, {
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
  const helper = await startHelper(await connect(helperUrl), share.link, {
    onLive: (live) => heard.push(`live, shared by ${live.sharerName}`),
    onAnswer: (sdp) => {
      heard.push(`answer ${sdp}`);
      void helper.signaling.sendCandidates([
        { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      ]);
    },
    onAdmit: () => heard.push('admitted'),
    onEnd: () => heard.push('ended'),
    onWrongKey: () => heard.push('wrong key'),
  });
  // The sharer's subscription may not be in place yet: join again, as the helper page does.
  const retry = setInterval(() => void helper.signaling.join('Ana', false, 'v=0 offer'), 200);
  try {
    await expect.poll(() => heard.includes('admitted'), { timeout: 10_000 }).toBe(true);
  } finally {
    clearInterval(retry);
  }

  await sharer.signaling.end();
  sharer.channel.close();
  helper.channel.close();
  // A cluster may take a moment to hand the new record to another node (NATS keeps retained
  // messages in a replicated JetStream stream): a late helper who came too soon and heard the old
  // record is followed by another, as a person would reload, until the deadline.
  let late: string[] = [];
  const deadline = Date.now() + 15_000;
  do {
    const heardLate: string[] = [];
    const lateHelper = await startHelper(await connect(helperUrl), share.link, {
      onEnd: () => heardLate.push('ended'),
      onWrongKey: () => heardLate.push('wrong key'),
    });
    // Up to 2 s for the record, then a moment more for anything said after it.
    for (const until = Date.now() + 2_000; heardLate.length === 0 && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    lateHelper.channel.close();
    late = heardLate;
  } while (late.length === 0 && Date.now() < deadline);
  return { heard, late, sessionId: share.link.sessionId };
}
