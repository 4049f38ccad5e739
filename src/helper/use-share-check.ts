import { useEffect } from 'preact/hooks';
import { importSessionKey } from '../core/crypto/session-key.ts';
import type { SessionLink } from '../core/protocol/link.ts';
import type { HelperEvent } from '../core/session/helper-state.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import { readShareStatus, type ShareStatus } from '../core/signaling/share-status.ts';
import type { Transport } from '../core/signaling/transport.ts';
import { randomId } from '../core/util/bytes.ts';

const EVENT: Record<ShareStatus['state'], HelperEvent> = {
  live: 'status-live',
  ended: 'ended',
  'wrong-key': 'wrong-key',
  none: 'no-status',
};

/**
 * While `checking`, reads the share's status on the early broker connection and says what it found:
 * a first-time helper is asked a name only for a live share. The connection stays open for the join.
 */
export function useShareCheck(
  link: SessionLink,
  checking: boolean,
  connection: () => Promise<Transport | null>,
  on: { event(event: HelperEvent): void; sharerName(name: string): void },
) {
  useEffect(() => {
    if (!checking) return;
    const leave = new AbortController();
    void (async () => {
      const [transport, key] = await Promise.all([connection(), importSessionKey(link.key)]);
      if (leave.signal.aborted) return;
      if (!transport) return on.event('broker-failed');
      // Not closed after: closing the channel would close the connection the join goes on to use.
      const channel = createSecureChannel({ transport, key, selfId: randomId() });
      const status = await readShareStatus(channel, link, leave.signal);
      if (!status) return;
      if (status.state === 'live') on.sharerName(status.live.sharerName);
      on.event(EVENT[status.state]);
    })();
    return () => leave.abort();
  }, [checking]);
}
