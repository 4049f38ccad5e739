import { commitmentOf, verify } from '../crypto/party-keys.ts';
import { statusSigningBytes, type LiveStatus, type StatusMessage } from '../protocol/signal.ts';
import type { SecureChannel } from './secure-channel.ts';
import { statusTopic } from './topics.ts';

export interface LinkedSession {
  sessionId: string;
  commitment: string;
}

/**
 * A status record is the sharer's only when its keys hash to the link's commitment and it is signed
 * by them (docs/decisions/0017-each-party-its-own-keys.md): anyone holding the link can seal one.
 */
export async function isTheSharers(status: StatusMessage, link: LinkedSession): Promise<boolean> {
  if ((await commitmentOf(status.keys.sign, status.keys.agree)) !== link.commitment) return false;
  const { sig, ...unsigned } = status;
  return verify(status.keys.sign, sig, statusSigningBytes(link.sessionId, unsigned));
}

export type ShareStatus =
  | { state: 'live'; live: LiveStatus }
  | { state: 'ended' }
  /** The record would not open with this link's key. */
  | { state: 'wrong-key' }
  /** No record of the sharer's came: the share is over and forgotten, or never began. */
  | { state: 'none' };

/** How long a retained record may take to arrive once subscribed, on a slow network. */
export const STATUS_WAIT_MS = 4_000;

/**
 * What the session's retained status record says, read once before anything is asked of the
 * helper: a link whose share has ended says so at once, not after they have typed a name. A
 * forged record is passed over (whoever holds the link can write one); the sharer's own decides.
 */
export function readShareStatus(
  channel: SecureChannel,
  link: LinkedSession,
  signal: AbortSignal,
  waitMs = STATUS_WAIT_MS,
): Promise<ShareStatus | null> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: ShareStatus | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      signal.removeEventListener('abort', aborted);
      resolve(status);
    };
    const aborted = () => settle(null);
    const timer = setTimeout(() => settle({ state: 'none' }), waitMs);
    const stop = channel.listen(
      statusTopic(link.sessionId),
      (msg, _from, sealed) => {
        if (msg.type !== 'status' || sealed.with !== 'link') return;
        void isTheSharers(msg, link).then((genuine) => {
          if (!genuine) return;
          if (msg.state === 'ended') return settle({ state: 'ended' });
          const { sharerName, iceServers, iceTransportPolicy } = msg;
          settle({ state: 'live', live: { sharerName, iceServers, iceTransportPolicy } });
        });
      },
      (reason) => reason === 'decrypt-failed' && settle({ state: 'wrong-key' }),
    );
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted);
  });
}
