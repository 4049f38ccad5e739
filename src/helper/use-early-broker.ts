import { useEffect, useRef } from 'preact/hooks';
import { connectEarly } from './early-broker.ts';
import type { Transport } from '../core/signaling/transport.ts';

/**
 * A first-time helper types a name before joining: the broker connects meanwhile. Returns what the
 * join takes: that connection, or `null` to connect afresh. One nobody took is closed with the page.
 */
export function useEarlyBroker(url: string, naming: boolean): () => Promise<Transport | null> | null {
  const early = useRef<ReturnType<typeof connectEarly> | null>(null);
  useEffect(() => {
    if (naming) early.current ??= connectEarly(url);
  }, [naming]);
  useEffect(() => () => early.current?.release(), []);
  return () => early.current?.take() ?? null;
}
