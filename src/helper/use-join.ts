import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { SessionLink } from '../core/protocol/link.ts';
import type { HelperEvent } from '../core/session/helper-state.ts';
import type { ConnectProblem } from '../core/rtc/connect-problem.ts';
import type { Quality } from '../core/rtc/quality.ts';
import type { Route } from '../core/rtc/route.ts';
import type { Transport } from '../core/signaling/transport.ts';
import { rejoinTicket, keepRejoinTicket } from './identity.ts';
import { joinSession } from './join-session.ts';

/** The helper's outgoing data channels, once the join has opened them. */
export interface Channels {
  pointer: RTCDataChannel | null;
  ink: RTCDataChannel | null;
}

export interface Joined {
  stream: MediaStream | null;
  sharer: string;
  code: string | null;
  paused: boolean;
  route: Route | null;
  quality: Quality | null;
  /** Why the connection to the sharer has not come (core/rtc/connect-problem), once it is late. */
  problem: ConnectProblem | null;
  channels: RefObject<Channels>;
}

/**
 * The join of one attempt (join-session), and what it has said so far. It starts once the helper
 * has a name and again for each attempt; leaving the page or the attempt leaves the share.
 */
export function useJoin(
  link: SessionLink,
  options: {
    name: string;
    /** False while a first-time helper types their name. */
    joining: boolean;
    attempt: number;
    dispatch: (event: HelperEvent) => void;
    takeEarlyBroker: () => Promise<Transport | null> | null;
  },
): Joined {
  const { name, joining, attempt, dispatch, takeEarlyBroker } = options;
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [sharer, setSharer] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  const [route, setRoute] = useState<Route | null>(null);
  const [quality, setQuality] = useState<Quality | null>(null);
  const [problem, setProblem] = useState<ConnectProblem | null>(null);
  const channels = useRef<Channels>({ pointer: null, ink: null });

  // A layout effect, not an effect: the peer and the broker connection start before the first
  // paint rather than after it, so the picture comes sooner.
  useLayoutEffect(() => {
    if (!joining) return;
    const abort = new AbortController();
    const live =
      <T>(set: (value: T) => void) =>
      (value: T) =>
        !abort.signal.aborted && set(value);
    void joinSession(
      link,
      { name, ticket: rejoinTicket(link.sessionId) },
      {
        onEvent: live(dispatch),
        onSharerName: live(setSharer),
        onCode: live(setCode),
        onStream: live(setStream),
        onChannel: (label, channel) => (channels.current[label] = channel),
        onPaused: live(setPaused),
        onRoute: live(setRoute),
        onQuality: live(setQuality),
        onProblem: live(setProblem),
        onTicket: (ticket) => keepRejoinTicket(link.sessionId, ticket),
      },
      abort.signal,
      takeEarlyBroker(),
    );
    const leave = () => abort.abort();
    addEventListener('pagehide', leave);
    return () => {
      removeEventListener('pagehide', leave);
      abort.abort();
      setStream(null);
      setCode(null);
      setQuality(null);
      channels.current = { pointer: null, ink: null };
    };
  }, [attempt, joining]);

  return { stream, sharer, code, paused, route, quality, problem, channels };
}
