import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectProblem } from '../core/rtc/connect-problem.ts';
import browser from 'webextension-polyfill';
import {
  waiting,
  watching,
  type ShareMode,
  type SharerState,
  type Helper,
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
import { useShareState } from './use-share-state.ts';

const send = (message: ToBackground) => browser.runtime.sendMessage(message) as Promise<CommandResult>;

const ENDED: Record<string, string> = {
  stopped: 'You stopped sharing.',
  'capture-ended': 'Sharing stopped (Chrome ended the capture).',
  'tab-closed': 'Sharing stopped because the tab was closed.',
  idle: 'Sharing stopped because no one was watching.',
};

export function Popup() {
  const state = useShareState();
  const [error, setError] = useState<string | null>(null);
  const [sound, setSound] = useShareSound();
  useEffect(() => onCommandFailed(setError), []);

  const start = async (mode: ShareMode) => {
    setError(null);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return setError('No tab to share.');
    const result = await send({ to: 'background', type: 'start-share', mode, tabId: tab.id, sound }).catch(
      (e: Error): CommandResult => ({ ok: false, error: e.message }),
    );
    if (!result.ok) setError(result.error);
  };
  const stop = () =>
    void send({ to: 'background', type: 'stop-share' }).catch((e: unknown) => {
      failures.report('popup stop', e);
      setError('Lookover could not stop sharing. Close the shared tab to end it for sure.');
    });

  return (
    <main class="popup">
      <header>
        <h1>
          <Logo /> Lookover
        </h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      {state === null ? (
        <p class="status">Loading…</p>
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
            {state.mode === 'display' ? 'Pick a window or screen in Chrome’s picker…' : 'Starting…'}
          </p>
          <button class="danger" onClick={stop}>
            Cancel
          </button>
        </>
      );
    case 'live':
      return (
        <>
          <p class={`status live${state.paused ? ' paused' : ''}`} role="status">
            <span class="dot" aria-hidden="true" />
            {state.paused
              ? 'Paused: helpers see a still picture'
              : `Sharing ${state.mode === 'tab' ? 'this tab' : 'your screen'}`}
            <SharedFor since={state.since} />
          </p>
          {state.endsAt !== null && <IdleWarning endsAt={state.endsAt} />}
          <LinkBox link={state.link} />
          <Requests helpers={waiting(state)} />
          <Watching helpers={watching(state)} />
          {!state.overlay && <p class="note">Pointers and drawings show only when you share a tab.</p>}
          {state.overlay && (
            <div class="row">
              <button
                onClick={() => command({ to: 'offscreen', type: 'annotations', visible: !state.annotations })}
              >
                {state.annotations ? 'Hide annotations' : 'Show annotations'}
              </button>
              <button onClick={() => command({ to: 'offscreen', type: 'clear-annotations' })}>
                Clear annotations
              </button>
            </div>
          )}
          <div class="row">
            <button onClick={() => command({ to: 'offscreen', type: 'pause', paused: !state.paused })}>
              {state.paused ? 'Resume' : 'Pause'}
            </button>
            <button class="danger" onClick={stop}>
              Stop sharing
            </button>
          </div>
        </>
      );
    default:
      return (
        <>
          {state.phase === 'ended' && (
            <p class="status" role="status">
              {ENDED[state.reason]}
            </p>
          )}
          {state.phase === 'error' && (
            <p class="error" role="alert">
              {state.message}
            </p>
          )}
          <p>Let someone watch this tab live and point at what to do.</p>
          <button class="primary" onClick={() => start('tab')}>
            Share this tab
          </button>
          <button onClick={() => start('display')}>Share a window or screen...</button>
          <label class="check">
            <input
              type="checkbox"
              checked={props.sound}
              onChange={(e) => props.setSound(e.currentTarget.checked)}
            />{' '}
            Share the sound too
          </label>
        </>
      );
  }
}

function SharedFor({ since }: { since: number }) {
  const now = useNow(15_000);
  return <span class="since"> · for {sharedFor(now - since)}</span>;
}

function IdleWarning({ endsAt }: { endsAt: number }) {
  const now = useNow(1_000);
  return (
    <div class="idle-warning" role="alert">
      <p>No one is watching. Sharing stops in {secondsLeft(endsAt, now)} s.</p>
      <button class="primary" onClick={() => command({ to: 'offscreen', type: 'keep-sharing' })}>
        Keep sharing
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
      <label for="helper-link">Send this link to your helper</label>
      <input
        id="helper-link"
        aria-label="Helper link"
        ref={input}
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button onClick={copy}>Copy link</button>
      <span class={copied === 'copied' ? 'copied done' : 'copied'} role="status">
        {copied === 'copied'
          ? 'Copied'
          : copied === 'failed'
            ? 'Could not copy: the link is selected, press Ctrl+C'
            : ''}
      </span>
      <details class="qr-box">
        <summary>Show a QR code for a phone</summary>
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
const PROBLEM: Record<ConnectProblem, string> = {
  'no-relay':
    'Your network and theirs cannot connect directly, and no relay (TURN) server is set up. Your Lookover server can provide one, or add one in Settings.',
  'relay-unreachable':
    'The relay (TURN) server cannot be reached. Check that it is running and its ports are open.',
  'relay-refused':
    'The relay (TURN) server refused the credentials: its secret does not match your Lookover server’s.',
  'relay-failed': 'Even the relay (TURN) server could not join your network and theirs.',
  'peer-offline': 'Their browser seems to be offline. Lookover keeps trying.',
};

function Requests({ helpers }: { helpers: Helper[] }) {
  if (helpers.length === 0) return null;
  return (
    <section class="requests" aria-label="Asking to watch">
      {helpers.map((helper) => (
        <div class="request" key={helper.id}>
          <p>
            <strong>{helper.name || 'Someone'}</strong> wants to watch.
            <br />
            Code <strong class="code">{helper.code ?? '…'}</strong>: let them in only if they see the same
            code.
          </p>
          {helper.problem && (
            <p class="problem" role="alert">
              {PROBLEM[helper.problem]}
            </p>
          )}
          <div class="row">
            <button
              class="primary"
              aria-label={`Allow ${helper.name}`}
              disabled={helper.code === null}
              onClick={() => command({ to: 'offscreen', type: 'admit', id: helper.id })}
            >
              Allow
            </button>
            <button
              aria-label={`Deny ${helper.name}`}
              onClick={() => command({ to: 'offscreen', type: 'deny', id: helper.id })}
            >
              Deny
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}

function Watching({ helpers }: { helpers: Helper[] }) {
  if (helpers.length === 0) return <p class="helpers">No one is watching yet.</p>;
  return (
    <ul class="helpers" aria-label="Watching">
      {helpers.map((helper) => (
        <li key={helper.id}>
          <span>{helper.name || 'Helper'}</span>{' '}
          <span class={`badge ${helper.connection}`}>{helper.connection}</span>
          {helper.route && <span class="badge">{helper.route}</span>}
          {helper.connection === 'connected' && <ConnectionQuality quality={helper.quality} />}
          {helper.problem && (
            <p class="problem" role="alert">
              {PROBLEM[helper.problem]}
            </p>
          )}
          <button
            class="link-button"
            aria-label={`Remove ${helper.name}`}
            onClick={() => command({ to: 'offscreen', type: 'remove', id: helper.id })}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
