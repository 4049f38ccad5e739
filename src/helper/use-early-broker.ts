import { useEffect, useRef } from 'preact/hooks';
import { connectEarly } from './early-broker.ts';
import type { SessionLink } from '../core/protocol/link.ts';
import type { Transport } from '../core/signaling/transport.ts';

export interface EarlyBroker {
  /** The connection to read the share's status on (a fresh one if the last failed). */
  peek(): Promise<Transport | null>;
  /** What the join takes: that connection, or `null` to connect afresh. */
  take(): Promise<Transport | null> | null;
}

/**
 * A first-time helper's link is checked and then they type a name before joining: the broker
 * connects meanwhile (see early-broker). One nobody took is closed with the page.
 */
export function useEarlyBroker(link: SessionLink, early: boolean): EarlyBroker {
  const current = useRef<ReturnType<typeof connectEarly> | null>(null);
  useEffect(() => {
    if (early && !current.current) current.current = connectEarly(link);
  }, [early]);
  useEffect(() => () => current.current?.release(), []);
  return {
    peek() {
      if (!current.current || current.current.spent) current.current = connectEarly(link);
      return current.current.peek();
    },
    take: () => current.current?.take() ?? null,
  };
}
