import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ShareMode, SharerState, Viewer } from '../core/session/sharer-state.ts';
import type { CommandResult, ToBackground } from '../extension/messages.ts';
import { useShareState } from './use-share-state.ts';

const send = (message: ToBackground) => browser.runtime.sendMessage(message) as Promise<CommandResult>;

const ENDED: Record<string, string> = {
  stopped: 'You stopped sharing.',
  'capture-ended': 'Sharing stopped (Chrome ended the capture).',
  'tab-closed': 'Sharing stopped because the tab was closed.',
};

export function Popup() {
  const state = useShareState();
  const [error, setError] = useState<string | null>(null);

  const start = async (mode: ShareMode) => {
    setError(null);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return setError('No tab to share.');
    const result = await send({ to: 'background', type: 'start-share', mode, tabId: tab.id }).catch(
      (e: Error): CommandResult => ({ ok: false, error: e.message }),
    );
    if (!result.ok) setError(result.error);
  };
  const stop = () => void send({ to: 'background', type: 'stop-share' });

  return (
    <main class="popup">
      <header>
        <h1>Lookover</h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      {state === null ? <p class="status">Loading…</p> : <Body state={state} start={start} stop={stop} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function Body(props: { state: SharerState; start: (mode: ShareMode) => void; stop: () => void }) {
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
          <p class="status live" role="status">
            <span class="dot" aria-hidden="true" /> Sharing{' '}
            {state.mode === 'tab' ? 'this tab' : 'your screen'}
          </p>
          <LinkBox link={state.link} />
          <Viewers viewers={state.viewers} />
          {!state.overlay && <p class="note">Pointers show only when you share a tab.</p>}
          <button class="danger" onClick={stop}>
            Stop sharing
          </button>
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
        </>
      );
  }
}

function LinkBox({ link }: { link: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(link).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div class="link">
      <label for="helper-link">Send this link to your helper</label>
      <input
        id="helper-link"
        aria-label="Helper link"
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button onClick={copy}>Copy link</button>
      <span class="copied" role="status">
        {copied ? 'Copied' : ''}
      </span>
    </div>
  );
}

function Viewers({ viewers }: { viewers: Viewer[] }) {
  if (viewers.length === 0) return <p class="viewers">No one is watching yet.</p>;
  return (
    <ul class="viewers" aria-label="Watching">
      {viewers.map((viewer) => (
        <li key={viewer.id}>
          {viewer.name || 'Helper'} <span class={`badge ${viewer.connection}`}>{viewer.connection}</span>
        </li>
      ))}
    </ul>
  );
}
