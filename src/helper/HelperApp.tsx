import { useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { parseLink, type LinkError, type SessionLink } from '../core/protocol/link.ts';
import type { HelperPhase } from '../core/session/helper-state.ts';
import type { ConnectProblem } from '../core/rtc/connect-problem.ts';
import type { Quality } from '../core/rtc/quality.ts';
import type { Route } from '../core/rtc/route.ts';
import { ConnectionQuality } from '../ui/ConnectionQuality.tsx';
import { MAX_NAME_LENGTH } from '../core/session/settings.ts';
import { IDENTITY_VIEW, type View } from '../core/view/geometry.ts';
import { failures } from '../core/util/failures.ts';
import { rememberedName, rememberName } from './identity.ts';
import { DEFAULT_INK, type InkSettings } from './ink-controller.ts';
import { Stage } from './Stage.tsx';
import { saveSnapshot } from './save-snapshot.ts';
import { Toolbar } from './Toolbar.tsx';
import { useEarlyBroker } from './use-early-broker.ts';
import { useHelperPhase } from './use-helper-phase.ts';
import { useHref } from './use-href.ts';
import { useInkController } from './use-ink-controller.ts';
import { useJoin } from './use-join.ts';
import { Logo } from '../ui/Logo.tsx';
import { useSound, type Sound } from './use-sound.ts';
import { useShareCheck } from './use-share-check.ts';

const LINK_ERRORS: Record<LinkError, string> = {
  missing: 'This page needs a Lookover link. Ask the person you are helping to send theirs.',
  malformed: 'This link is incomplete or damaged. Ask the sharer to send it again with “Copy link”.',
  'unsupported-version':
    'This link comes from a different version of Lookover. Ask the sharer for a new link.',
};

/**
 * Browsers give WebCrypto only to secure contexts: https, or the sharer's own machine (localhost).
 * A link opened over plain http from another address can neither open nor seal anything, so the
 * page says so first, not that a server is unreachable.
 */
const INSECURE =
  'This link must be opened over https. It was opened over plain http from another computer, where ' +
  'your browser turns off the encryption Lookover needs. Ask the sharer to run their Lookover server ' +
  'with https (see “Help someone on another network” in its README), or open the link on the ' +
  'sharer’s own computer.';

type Said = Exclude<HelperPhase, 'live' | 'invalid-link' | 'naming' | 'insecure'>;
const message = (phase: Said, sharer: string): string =>
  ({
    checking: 'Opening the link…',
    connecting: 'Connecting…',
    waiting: `Waiting for ${sharer}…`,
    knocking: `Waiting for ${sharer} to let you in.`,
    negotiating: 'You are in. Starting the picture…',
    reconnecting: 'Connection interrupted. Reconnecting…',
    ended: 'The share has ended. You can close this page.',
    denied: `${sharer} did not let you in.`,
    'request-expired': `${sharer} did not answer in time.`,
    full: 'This share already has as many helpers as it allows. Try again later.',
    removed: `${sharer} removed you from the share.`,
    'wrong-key': 'This link’s key does not match the share. Ask the sharer to copy the link again.',
    'broker-unreachable':
      'Cannot reach the signaling server. Check your connection, or ask the sharer whether their Lookover server is running.',
    'no-sharer':
      'The sharer is not answering. The share may have ended or their browser is offline. Ask them for a new link.',
    failed:
      'Could not connect to the sharer’s browser. A firewall may block direct connections: the sharer can add a TURN server in Lookover’s settings.',
  })[phase];

/** Why the connection has not come, and what to do, in the helper's words. */
const PROBLEM: Record<ConnectProblem, string> = {
  'no-relay':
    'Your network and the sharer’s cannot connect directly, and this share has no relay (TURN) server to go through. The sharer’s Lookover server can provide one: ask whoever runs it to set up TURN.',
  'relay-unreachable':
    'The relay (TURN) server cannot be reached from your network. A firewall may block it: ask whoever runs the Lookover server to check it is running and that its ports are open.',
  'relay-refused':
    'The relay (TURN) server refused the credentials. Its secret may not match the Lookover server’s: ask whoever runs them to check.',
  'relay-failed':
    'Even the relay (TURN) server could not join your network and the sharer’s. Try another network, or ask the sharer to check theirs.',
  'peer-offline':
    'The sharer’s browser seems to be offline. Lookover keeps trying; ask them to check their connection.',
};

const WAITING: HelperPhase[] = [
  'checking',
  'connecting',
  'waiting',
  'knocking',
  'negotiating',
  'reconnecting',
];
const RETRYABLE: HelperPhase[] = ['broker-unreachable', 'no-sharer', 'failed', 'full', 'request-expired'];

export function HelperApp() {
  const href = useHref();
  if (!globalThis.isSecureContext)
    return (
      <Shell phase="insecure">
        <Message text={INSECURE} />
      </Shell>
    );
  const link = parseLink(href);
  return link.ok ? (
    <Session key={href} link={link.value} />
  ) : (
    <Shell phase="invalid-link">
      <Message text={LINK_ERRORS[link.error]} />
    </Shell>
  );
}

/** One link's session; a new link (the fragment changed) is a new Session, by its key. */
function Session({ link }: { link: SessionLink }) {
  const [name, setName] = useState(rememberedName);
  // Someone who has joined before goes straight in; a first-time helper's link is checked first,
  // so a dead one says so before they are asked a name.
  const { phase, dispatch, attempt, retry } = useHelperPhase(name ? 'connecting' : 'checking');
  const [statusName, setStatusName] = useState('');
  const early = useEarlyBroker(link, phase === 'checking' || phase === 'naming');
  useShareCheck(link, phase === 'checking', early.peek, { event: dispatch, sharerName: setStatusName });
  const { stream, sharer, code, paused, route, quality, problem, channels } = useJoin(link, {
    name,
    // Never without a name: a link found dead, unreachable or not live before naming joins nothing.
    joining: name !== '' && phase !== 'naming' && phase !== 'checking',
    attempt,
    dispatch,
    takeEarlyBroker: early.take,
  });
  const controller = useInkController(channels, attempt);
  const [ink, setInk] = useState<InkSettings>(DEFAULT_INK);
  const [view, setView] = useState<View>(IDENTITY_VIEW);
  const videoRef = useRef<HTMLVideoElement>(null);
  /** What the toolbar sets and the stage draws with. */
  const drawing = { ink, setInk, controller, view, setView };

  const sound = useSound(stream);
  const sharerName = sharer || statusName || 'the sharer';
  // Mounted, hidden, while the helper waits at the door: the video element's player is ready when
  // the first frame comes, not set up after Allow (time to picture). The sender carries no track
  // until Allow, so there is nothing to see before.
  const showVideo =
    stream !== null &&
    (phase === 'live' || phase === 'knocking' || phase === 'negotiating' || phase === 'reconnecting');

  return (
    <Shell
      phase={phase}
      route={phase === 'live' ? route : null}
      quality={phase === 'live' ? quality : undefined}
      sound={phase === 'live' ? sound : null}
      code={code}
      toolbar={
        phase === 'live' && (
          <Toolbar
            {...drawing}
            onSnapshot={() => void saveSnapshot(videoRef.current, controller).catch(failures.as('snapshot'))}
          />
        )
      }
    >
      {showVideo && (
        <Stage
          stream={stream}
          channels={channels}
          {...drawing}
          onFirstFrame={() => dispatch('first-frame')}
          hidden={phase === 'knocking' || phase === 'negotiating'}
          videoRef={videoRef}
        />
      )}
      {phase === 'naming' && (
        <NameForm
          sharer={statusName}
          initial={name}
          onSubmit={(value) => {
            rememberName(value);
            setName(value);
            dispatch('named');
          }}
        />
      )}
      {phase === 'live' && paused && (
        <Message text={`${sharerName[0]?.toUpperCase()}${sharerName.slice(1)} paused the share.`} veil />
      )}
      {phase !== 'live' && phase !== 'naming' && phase !== 'invalid-link' && phase !== 'insecure' && (
        <Message
          text={capitalise(message(phase, sharerName))}
          spinner={WAITING.includes(phase)}
          onRetry={RETRYABLE.includes(phase) ? () => retry(name ? 'retry' : 'recheck') : undefined}
        >
          {phase === 'knocking' && code && (
            <p class="code">
              Check that they see the same code: <strong aria-label="Verification code">{code}</strong>
            </p>
          )}
          {problem && (WAITING.includes(phase) || phase === 'failed') && (
            <p class="problem" role="alert">
              {PROBLEM[problem]}
            </p>
          )}
        </Message>
      )}
    </Shell>
  );
}

const capitalise = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;

function NameForm(props: { sharer: string; initial: string; onSubmit: (name: string) => void }) {
  const [value, setValue] = useState(props.initial);
  const name = value.trim();
  return (
    <form
      class="message"
      onSubmit={(event) => {
        event.preventDefault();
        if (name) props.onSubmit(name);
      }}
    >
      <p>{props.sharer || 'Someone'} wants your help with their screen. What name should they see?</p>
      <label class="name-field">
        Your name
        <input
          value={value}
          maxLength={MAX_NAME_LENGTH}
          autoFocus
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <button class="primary" type="submit" disabled={!name}>
        Join
      </button>
    </form>
  );
}

function Message(props: {
  text: string;
  spinner?: boolean;
  veil?: boolean;
  onRetry?: (() => void) | undefined;
  children?: ComponentChildren;
}) {
  return (
    <div class={`message${props.veil ? ' veil' : ''}`} role="status" aria-live="polite">
      {props.spinner && <div class="spinner" aria-hidden="true" />}
      <p>{props.text}</p>
      {props.children}
      {props.onRetry && <button onClick={props.onRetry}>Try again</button>}
    </div>
  );
}

function Shell(props: {
  phase: HelperPhase;
  route?: Route | null;
  /** Shown while live: `null` until the first read, `undefined` for no indicator at all. */
  quality?: Quality | null | undefined;
  sound?: Sound | null;
  code?: string | null;
  toolbar?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const { phase, route, quality, sound, code, toolbar, children } = props;
  return (
    <div class="helper" data-phase={phase}>
      <div class="bar">
        <h1>
          <Logo /> Lookover
        </h1>
        <span class={`chip ${phase === 'live' ? 'live' : ''}`}>{phase === 'live' ? 'Live' : 'Not live'}</span>
        {route && (
          <span class="chip" title="How the picture reaches you" data-route={route}>
            {route === 'direct' ? 'Direct connection' : 'Relayed (TURN)'}
          </span>
        )}
        {quality !== undefined && <ConnectionQuality quality={quality} />}
        {sound?.available && (
          <button class="chip sound" aria-pressed={sound.playing} onClick={sound.toggle}>
            <span aria-hidden="true">{sound.playing ? '🔊' : '🔇'}</span> Sound
          </button>
        )}
        {phase === 'live' && code && <span class="chip">Code {code}</span>}
      </div>
      <div class="stage">{children}</div>
      {toolbar}
    </div>
  );
}
