import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectProblem } from '../core/rtc/connect-problem.ts';
import browser from 'webextension-polyfill';
import {
  waiting,
  watching,
  type ShareMode,
  type SharerState,
  type Helper,
  type EndReason,
} from '../core/session/sharer-state.ts';
import { failures } from '../core/util/failures.ts';
import { ConnectionQuality } from '../ui/ConnectionQuality.tsx';
import type { CommandResult, ToBackground } from '../extension/messages.ts';
import { command, onCommandFailed } from './command.ts';
import { LinkQr } from './LinkQr.tsx';
import { Logo } from '../ui/Logo.tsx';
import { useNow } from './use-now.ts';
import { useShareSound } from './use-share-sound.ts';
import { secondsLeft, sharedFor } from '../core/util/duration.ts';
import { t, template } from '../i18n/t.ts';
import { interleave, type Key } from '../i18n/translate.ts';
import { useShareState } from './use-share-state.ts';

const send = (message: ToBackground) => browser.runtime.sendMessage(message) as Promise<CommandResult>;

const ENDED = {
  stopped: 'popup.endedStopped',
  'capture-ended': 'popup.endedCapture',
  'tab-closed': 'popup.endedTabClosed',
  idle: 'popup.endedIdle',
} as const satisfies Record<EndReason, Key>;

export function Popup() {
  const state = useShareState();
  const [error, setError] = useState<string | null>(null);
  const [sound, setSound] = useShareSound();
  useEffect(() => onCommandFailed(setError), []);

  const start = async (mode: ShareMode) => {
    setError(null);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return setError(t('popup.noTab'));
    const result = await send({ to: 'background', type: 'start-share', mode, tabId: tab.id, sound }).catch(
      (e: Error): CommandResult => ({ ok: false, error: e.message }),
    );
    if (!result.ok) setError(result.error);
  };
  const stop = () =>
    void send({ to: 'background', type: 'stop-share' }).catch((e: unknown) => {
      failures.report('popup stop', e);
      setError(t('popup.stopFailed'));
    });

  return (
    <main class="popup">
      <header>
        <h1>
          <Logo /> Lookover
        </h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('popup.settings')}
        </a>
      </header>
      {state === null ? (
        <p class="status">{t('popup.loading')}</p>
      ) : (
        <Body state={state} start={start} stop={stop} sound={sound} setSound={setSound} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function Body(props: {
  state: SharerState;
  start: (mode: ShareMode) => void;
  stop: () => void;
  sound: boolean;
  setSound: (value: boolean) => void;
}) {
  const { state, start, stop } = props;
  switch (state.phase) {
    case 'starting':
      return (
        <>
          <p class="status" role="status">
            {t(state.mode === 'display' ? 'popup.pickSource' : 'popup.starting')}
          </p>
          <button class="danger" onClick={stop}>
            {t('popup.cancel')}
          </button>
        </>
      );
    case 'live':
      return (
        <>
          <p class={`status live${state.paused ? ' paused' : ''}`}>
            <span class="dot" aria-hidden="true" />
            {/* Announced when it changes; the time shared, which ticks, is not. */}
            <span role="status">
              {t(
                state.paused
                  ? 'popup.paused'
                  : state.mode === 'tab'
                    ? 'popup.sharingTab'
                    : 'popup.sharingScreen',
              )}
            </span>
            <SharedFor since={state.since} />
          </p>
          {state.endsAt !== null && <IdleWarning endsAt={state.endsAt} />}
          <LinkBox link={state.link} />
          <Requests helpers={waiting(state)} />
          <Watching helpers={watching(state)} />
          {!state.overlay && <p class="note">{t('popup.onlyTab')}</p>}
          {state.overlay && (
            <div class="row">
              <button
                onClick={() => command({ to: 'offscreen', type: 'annotations', visible: !state.annotations })}
              >
                {t(state.annotations ? 'popup.hideAnnotations' : 'popup.showAnnotations')}
              </button>
              <button onClick={() => command({ to: 'offscreen', type: 'clear-annotations' })}>
                {t('popup.clearAnnotations')}
              </button>
            </div>
          )}
          <div class="row">
            <button onClick={() => command({ to: 'offscreen', type: 'pause', paused: !state.paused })}>
              {t(state.paused ? 'popup.resume' : 'popup.pause')}
            </button>
            <button class="danger" onClick={stop}>
              {t('popup.stop')}
            </button>
          </div>
        </>
      );
    default:
      return (
        <>
          {state.phase === 'ended' && (
            <p class="status" role="status">
              {t(ENDED[state.reason])}
            </p>
          )}
          {state.phase === 'error' && (
            <p class="error" role="alert">
              {state.message}
            </p>
          )}
          <p>{t('popup.intro')}</p>
          <button class="primary" onClick={() => start('tab')}>
            {t('popup.shareTab')}
          </button>
          <button onClick={() => start('display')}>{t('popup.shareDisplay')}</button>
          <label class="check">
            <input
              type="checkbox"
              checked={props.sound}
              onChange={(e) => props.setSound(e.currentTarget.checked)}
            />{' '}
            {t('popup.shareSound')}
          </label>
        </>
      );
  }
}

function SharedFor({ since }: { since: number }) {
  const now = useNow(15_000);
  return <span class="since"> {t('popup.sharedFor', { duration: sharedFor(now - since) })}</span>;
}

function IdleWarning({ endsAt }: { endsAt: number }) {
  const now = useNow(1_000);
  return (
    <div class="idle-warning" role="alert">
      {/* Said once as it appears; the seconds ticking down are not read out each time. */}
      <p aria-live="off">{t('popup.idleWarning', { seconds: secondsLeft(endsAt, now) })}</p>
      <button class="primary" onClick={() => command({ to: 'offscreen', type: 'keep-sharing' })}>
        {t('popup.keepSharing')}
      </button>
    </div>
  );
}

function LinkBox({ link }: { link: string }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    const done = await navigator.clipboard.writeText(link).then(
      () => true,
      (e: unknown) => (failures.report('copy link', e), false),
    );
    // The clipboard can refuse (no focus, a policy): the link is then selected for Ctrl+C.
    if (!done) input.current?.select();
    setCopied(done ? 'copied' : 'failed');
    setTimeout(() => setCopied(null), done ? 1500 : 5000);
  };
  return (
    <div class="link">
      <label for="helper-link">{t('popup.sendLink')}</label>
      <input
        id="helper-link"
        aria-label={t('popup.helperLink')}
        ref={input}
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button onClick={copy}>{t('popup.copyLink')}</button>
      <span class={copied === 'copied' ? 'copied done' : 'copied'} role="status">
        {copied === 'copied' ? t('popup.copied') : copied === 'failed' ? t('popup.copyFailed') : ''}
      </span>
      <details class="qr-box">
        <summary>{t('popup.showQr')}</summary>
        <LinkQr link={link} />
      </details>
    </div>
  );
}

/**
 * Nobody sees anything until the sharer says so, here in UI the shared page cannot reach
 * (docs/decisions/0004-sharer-approves-every-helper.md).
 */
/** Why a helper's connection has not come, and what to do, in the sharer's words. */
const PROBLEM = {
  'no-relay': 'popup.problemNoRelay',
  'relay-unreachable': 'popup.problemRelayUnreachable',
  'relay-refused': 'popup.problemRelayRefused',
  'relay-failed': 'popup.problemRelayFailed',
  'peer-offline': 'popup.problemPeerOffline',
} as const satisfies Record<ConnectProblem, Key>;
const CONNECTION = {
  connecting: 'popup.connecting',
  connected: 'popup.connected',
  reconnecting: 'popup.reconnecting',
} as const satisfies Record<Helper['connection'], Key>;

/** Always there, empty or not: a screen reader announces a request only in a region it already knows. */
function Requests({ helpers }: { helpers: Helper[] }) {
  return (
    <section class="requests" aria-label={t('popup.askingToWatch')} aria-live="polite">
      {helpers.map((helper) => (
        <div class="request" key={helper.id}>
          <p>
            {interleave(template('popup.wantsToWatch'), {
              name: <strong>{helper.name || t('popup.someone')}</strong>,
            })}
            <br />
            {interleave(template('popup.checkCode'), {
              code: <strong class="code">{helper.code ?? '…'}</strong>,
            })}
          </p>
          {helper.problem && (
            <p class="problem" role="alert">
              {t(PROBLEM[helper.problem])}
            </p>
          )}
          <div class="row">
            <button
              class="primary"
              aria-label={t('popup.allowNamed', { name: helper.name })}
              disabled={helper.code === null}
              onClick={() => command({ to: 'offscreen', type: 'admit', id: helper.id })}
            >
              {t('popup.allow')}
            </button>
            <button
              aria-label={t('popup.denyNamed', { name: helper.name })}
              onClick={() => command({ to: 'offscreen', type: 'deny', id: helper.id })}
            >
              {t('popup.deny')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}

function Watching({ helpers }: { helpers: Helper[] }) {
  if (helpers.length === 0) return <p class="helpers">{t('popup.noOneWatching')}</p>;
  return (
    <ul class="helpers" aria-label={t('popup.watching')}>
      {helpers.map((helper) => (
        <li key={helper.id}>
          <span>{helper.name || t('popup.helper')}</span>{' '}
          <span class={`badge ${helper.connection}`}>{t(CONNECTION[helper.connection])}</span>
          {helper.route && (
            <span class="badge">{t(helper.route === 'direct' ? 'popup.direct' : 'popup.relayed')}</span>
          )}
          {helper.connection === 'connected' && <ConnectionQuality quality={helper.quality} />}
          {helper.problem && (
            <p class="problem" role="alert">
              {t(PROBLEM[helper.problem])}
            </p>
          )}
          <button
            class="link-button"
            aria-label={t('popup.removeNamed', { name: helper.name })}
            onClick={() => command({ to: 'offscreen', type: 'remove', id: helper.id })}
          >
            {t('popup.remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}
