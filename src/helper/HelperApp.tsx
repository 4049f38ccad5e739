import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { parseLink, type LinkError } from '../core/link.ts';
import {
  HELPER_TIMEOUTS,
  nextHelperPhase,
  type HelperEvent,
  type HelperPhase,
} from '../core/session/helper-state.ts';
import { joinSession } from './join-session.ts';
import { PointerVideo } from './PointerVideo.tsx';

const LINK_ERRORS: Record<LinkError, string> = {
  missing: 'This page needs a Lookover link. Ask the person you are helping to send theirs.',
  malformed: 'This link is incomplete or damaged. Ask the sharer to send it again with “Copy link”.',
  'unsupported-version': 'This link comes from a newer version of Lookover. Ask the sharer for a new link.',
};

const MESSAGES: Record<Exclude<HelperPhase, 'live' | 'invalid-link'>, string> = {
  connecting: 'Connecting…',
  waiting: 'Waiting for the sharer…',
  negotiating: 'Connecting to the sharer’s browser…',
  reconnecting: 'Connection interrupted. Reconnecting…',
  ended: 'The share has ended. You can close this page.',
  'broker-unreachable':
    'Cannot reach the signaling server. Check your connection, or ask the sharer whether their Lookover server is running.',
  'no-sharer':
    'The sharer is not answering. The share may have ended or their browser is offline. Ask them for a new link.',
  failed:
    'Could not connect to the sharer’s browser. A firewall may block direct connections: the sharer can add a TURN server in Lookover’s settings.',
};

const WAITING: HelperPhase[] = ['connecting', 'waiting', 'negotiating', 'reconnecting'];
const RETRYABLE: HelperPhase[] = ['broker-unreachable', 'no-sharer', 'failed'];

export function HelperApp() {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const onHash = () => setHref(location.href);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const link = parseLink(href);
  return link.ok ? (
    <Session key={href} href={href} />
  ) : (
    <Shell phase="invalid-link" message={LINK_ERRORS[link.error]} />
  );
}

function Session({ href }: { href: string }) {
  const [phase, dispatch] = useReducer<HelperPhase, HelperEvent>(nextHelperPhase, 'connecting');
  const [attempt, setAttempt] = useState(0);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const pointer = useRef<RTCDataChannel | null>(null);

  useEffect(() => {
    const link = parseLink(href);
    if (!link.ok) return;
    const abort = new AbortController();
    const onEvent = (event: HelperEvent) => !abort.signal.aborted && dispatch(event);
    void joinSession(
      link.value,
      'Helper',
      { onEvent, onStream: setStream, onPointerChannel: (channel) => (pointer.current = channel) },
      abort.signal,
    );
    const leave = () => abort.abort();
    addEventListener('pagehide', leave);
    return () => {
      removeEventListener('pagehide', leave);
      abort.abort();
      setStream(null);
      pointer.current = null;
    };
  }, [href, attempt]);

  // Every wait turns into a message saying what to do (issue 2: no spinner forever).
  useEffect(() => {
    const ms = HELPER_TIMEOUTS[phase];
    if (ms === undefined) return;
    const timer = setTimeout(() => dispatch('timeout'), ms);
    return () => clearTimeout(timer);
  }, [phase, attempt]);

  const retry = () => {
    dispatch('retry');
    setAttempt((n) => n + 1);
  };
  const showVideo =
    stream !== null && (phase === 'live' || phase === 'negotiating' || phase === 'reconnecting');

  return (
    <Shell
      phase={phase}
      message={phase === 'live' || phase === 'invalid-link' ? null : MESSAGES[phase]}
      onRetry={RETRYABLE.includes(phase) ? retry : undefined}
    >
      {showVideo && (
        <PointerVideo
          stream={stream}
          pointer={pointer}
          onFirstFrame={() => dispatch('first-frame')}
          hidden={phase === 'negotiating'}
        />
      )}
    </Shell>
  );
}

function Shell(props: {
  phase: HelperPhase;
  message: string | null;
  onRetry?: (() => void) | undefined;
  children?: preact.ComponentChildren;
}) {
  const { phase, message, onRetry, children } = props;
  return (
    <div class="helper" data-phase={phase}>
      <div class="bar">
        <h1>Lookover</h1>
        <span class={`chip ${phase === 'live' ? 'live' : ''}`}>{phase === 'live' ? 'Live' : 'Not live'}</span>
      </div>
      <div class="stage">
        {children}
        {message && (
          <div class="message" role="status" aria-live="polite">
            {WAITING.includes(phase) && <div class="spinner" aria-hidden="true" />}
            <p>{message}</p>
            {onRetry && <button onClick={onRetry}>Try again</button>}
          </div>
        )}
      </div>
    </div>
  );
}
