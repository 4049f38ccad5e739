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
import { t, template } from '../i18n/t.ts';
import { interleave, type Key } from '../i18n/translate.ts';

const LINK_ERRORS = {
  missing: 'helper.linkMissing',
  malformed: 'helper.linkMalformed',
  'unsupported-version': 'helper.linkVersion',
} as const satisfies Record<LinkError, Key>;

/**
 * Browsers give WebCrypto only to secure contexts: https, or the sharer's own machine (localhost).
 * A link opened over plain http from another address can neither open nor seal anything, so the
 * page says so first ('helper.insecure'), not that a server is unreachable.
 */
type Said = Exclude<HelperPhase, 'live' | 'invalid-link' | 'naming' | 'insecure'>;
/** The messages that name the sharer, and the rest. */
const NAMED = {
  waiting: 'helper.waiting',
  knocking: 'helper.knocking',
  denied: 'helper.denied',
  'request-expired': 'helper.requestExpired',
  removed: 'helper.removed',
} as const;
const PLAIN = {
  checking: 'helper.checking',
  connecting: 'helper.connecting',
  negotiating: 'helper.negotiating',
  reconnecting: 'helper.reconnecting',
  ended: 'helper.ended',
  full: 'helper.full',
  'wrong-key': 'helper.wrongKey',
  'broker-unreachable': 'helper.brokerUnreachable',
  'no-sharer': 'helper.noSharer',
  failed: 'helper.failed',
} as const satisfies Record<Exclude<Said, keyof typeof NAMED>, Key>;
const message = (phase: Said, sharer: string): string =>
  phase in NAMED ? t(NAMED[phase as keyof typeof NAMED], { sharer }) : t(PLAIN[phase as keyof typeof PLAIN]);

/** Why the connection has not come, and what to do, in the helper's words. */
const PROBLEM = {
  'no-relay': 'helper.problemNoRelay',
  'relay-unreachable': 'helper.problemRelayUnreachable',
  'relay-refused': 'helper.problemRelayRefused',
  'relay-failed': 'helper.problemRelayFailed',
  'peer-offline': 'helper.problemPeerOffline',
} as const satisfies Record<ConnectProblem, Key>;

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
        <Message text={t('helper.insecure')} />
      </Shell>
    );
  const link = parseLink(href);
  return link.ok ? (
    <Session key={href} link={link.value} />
  ) : (
    <Shell phase="invalid-link">
      <Message text={t(LINK_ERRORS[link.error])} />
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
  const sharerName = sharer || statusName || t('helper.theSharer');
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
        <Message text={capitalise(t('helper.paused', { sharer: sharerName }))} veil />
      )}
      {phase !== 'live' && phase !== 'naming' && phase !== 'invalid-link' && phase !== 'insecure' && (
        <Message
          text={capitalise(message(phase, sharerName))}
          spinner={WAITING.includes(phase)}
          onRetry={RETRYABLE.includes(phase) ? () => retry(name ? 'retry' : 'recheck') : undefined}
        >
          {phase === 'knocking' && code && (
            <p class="code">
              {interleave(template('helper.sameCode'), {
                code: <strong aria-label={t('helper.verificationCode')}>{code}</strong>,
              })}
            </p>
          )}
          {problem && (WAITING.includes(phase) || phase === 'failed') && (
            <p class="problem" role="alert">
              {t(PROBLEM[problem])}
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
      <p>{t('helper.namePrompt', { sharer: props.sharer || t('helper.someone') })}</p>
      <label class="name-field">
        {t('helper.yourName')}
        <input
          value={value}
          maxLength={MAX_NAME_LENGTH}
          autoFocus
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <button class="primary" type="submit" disabled={!name}>
        {t('helper.join')}
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
      {props.onRetry && <button onClick={props.onRetry}>{t('helper.tryAgain')}</button>}
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
        <span class={`chip ${phase === 'live' ? 'live' : ''}`}>
          {t(phase === 'live' ? 'helper.live' : 'helper.notLive')}
        </span>
        {route && (
          <span class="chip" title={t('helper.routeTitle')} data-route={route}>
            {t(route === 'direct' ? 'helper.direct' : 'helper.relayed')}
          </span>
        )}
        {quality !== undefined && <ConnectionQuality quality={quality} />}
        {sound?.available && (
          <button class="chip sound" aria-pressed={sound.playing} onClick={sound.toggle}>
            <span aria-hidden="true">{sound.playing ? '🔊' : '🔇'}</span> {t('helper.sound')}
          </button>
        )}
        {phase === 'live' && code && <span class="chip">{t('helper.code', { code })}</span>}
      </div>
      <div class="stage">{children}</div>
      {toolbar}
    </div>
  );
}
