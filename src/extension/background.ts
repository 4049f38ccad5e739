import browser from 'webextension-polyfill';
import type { Size } from '../core/view/geometry.ts';
import { isSharing } from '../core/session/sharer-state.ts';
import { failures } from '../core/util/failures.ts';
import { showBadge } from './badge.ts';
import {
  isFor,
  type CommandResult,
  type StateBroadcast,
  type ToBackground,
  type ToOffscreen,
} from './messages.ts';
import { closeOffscreenDocument, ensureOffscreenDocument } from './offscreen-document.ts';
import { bringPopupBack, chromePopup } from './popup-return.ts';
import { listenToIdleNotification, syncIdleNotification } from './idle-notification.ts';
import { listenToRequestNotifications, syncRequestNotifications } from './request-notifications.ts';
import { loadSettings } from './settings-store.ts';
import {
  allowedFor,
  contextOf,
  MAY_BROADCAST_STATE,
  MAY_SEND_TO_WORKER,
  maySend,
  ownExtension,
  type Sender,
} from './senders.ts';

/** The service worker may be stopped at any time, so what it must remember lives in session storage. */
const SHARED_TAB = 'sharedTabId';

const toOffscreen = (message: ToOffscreen) => browser.runtime.sendMessage(message);

async function injectOverlay(tabId: number): Promise<boolean> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/overlay.js'] });
    return true;
  } catch {
    // chrome:// pages, the Web Store and the like refuse scripts: the share still works, without pointers.
    return false;
  }
}

/** The tab's viewport in device pixels, so tab capture can match it instead of letterboxing it. */
async function measureViewport(tabId: number): Promise<Size | null> {
  try {
    const [frame] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => ({ width: innerWidth * devicePixelRatio, height: innerHeight * devicePixelRatio }),
    });
    return (frame?.result as Size | undefined) ?? null;
  } catch {
    // A page that refuses scripts: capture falls back to its largest size, letterboxing the tab.
    return null;
  }
}

async function startShare(message: Extract<ToBackground, { type: 'start-share' }>): Promise<CommandResult> {
  const settings = await loadSettings();
  // The stream id must be taken now, while the popup's activeTab grant for this tab is fresh.
  const streamId =
    message.mode === 'tab' ? await chrome.tabCapture.getMediaStreamId({ targetTabId: message.tabId }) : null;
  const viewport = message.mode === 'tab' ? await measureViewport(message.tabId) : null;
  await ensureOffscreenDocument();
  await browser.storage.session.set({ [SHARED_TAB]: message.tabId });
  const result = (await toOffscreen({
    to: 'offscreen',
    type: 'start',
    mode: message.mode,
    tabId: message.tabId,
    streamId,
    viewport,
    settings,
    sound: message.sound,
  })) as CommandResult;
  await injectOverlay(message.tabId);
  if (result.ok)
    void bringPopupBack(chromePopup).then((outcome) => {
      if (outcome === 'refused')
        failures.report('reopen popup', new Error('Chrome refused to open the popup'));
    });
  return result;
}

async function stopShare(reason: 'stopped' | 'tab-closed'): Promise<CommandResult> {
  try {
    return (await toOffscreen({ to: 'offscreen', type: 'stop', reason })) as CommandResult;
  } catch {
    // No offscreen document: nothing is running. Make sure nothing says otherwise.
    await showBadge({ phase: 'idle' });
    return { ok: true };
  }
}

async function onState({ state }: StateBroadcast) {
  await showBadge(state);
  await syncRequestNotifications(state).catch(failures.as('request-notifications'));
  await syncIdleNotification(state).catch(failures.as('idle-notification'));
  if (!isSharing(state)) {
    await browser.storage.session.remove(SHARED_TAB);
    // Leave nothing running once the share is over (no capture, no broker connection).
    await closeOffscreenDocument();
  }
}

export function startBackground() {
  // A notification can outlive its share (the offscreen document closed under it): its answer then
  // has no one to go to.
  listenToRequestNotifications((message) => toOffscreen(message).catch(failures.as('request-answer')));
  listenToIdleNotification(
    (message) => toOffscreen(message).catch(failures.as('keep-sharing')),
    () => stopShare('stopped'),
  );

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => {
    const from = contextOf(sender, ownExtension(browser.runtime));
    if (isFor<StateBroadcast>('all', message) && message.type === 'state') {
      if (maySend(MAY_BROADCAST_STATE, from)) onState(message);
      else
        failures.report('state from a stranger', new Error(`refused a state broadcast from ${sender.url}`));
      return undefined;
    }
    if (!isFor<ToBackground>('background', message)) return undefined;
    if (!maySend(allowedFor(MAY_SEND_TO_WORKER, message.type), from)) {
      failures.report('command from a stranger', new Error(`refused ${message.type} from ${sender.url}`));
      return Promise.resolve<CommandResult>({ ok: false, error: 'Not allowed from here.' });
    }
    const run = message.type === 'start-share' ? startShare(message) : stopShare('stopped');
    return run.catch((error: unknown): CommandResult => ({
      ok: false,
      error: String((error as Error)?.message ?? error),
    }));
  });

  browser.tabs.onRemoved.addListener(async (tabId) => {
    const stored = await browser.storage.session.get(SHARED_TAB);
    if (stored[SHARED_TAB] === tabId) await stopShare('tab-closed');
  });

  // The shared tab navigated: the overlay went with the old page, so bring it back.
  browser.tabs.onUpdated.addListener(async (tabId, change) => {
    if (change.status !== 'complete') return;
    const stored = await browser.storage.session.get(SHARED_TAB);
    if (stored[SHARED_TAB] === tabId) await injectOverlay(tabId);
  });
}
