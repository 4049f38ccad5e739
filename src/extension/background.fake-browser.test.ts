import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { fakeChrome } from '../../test/support/fake-chrome.ts';
import type { SharerState, Helper } from '../core/session/sharer-state.ts';
import { failures } from '../core/util/failures.ts';
import { startBackground } from './background.ts';
import { renderLogo, type IconState } from '../core/view/logo.ts';
import type { StateBroadcast, ToBackground } from './messages.ts';
import { DEFAULT_SETTINGS, saveSettings } from './settings-store.ts';

const TAB = 7;
const OTHER_TAB = 8;

let chromeOnly: ReturnType<typeof fakeChrome>;
beforeEach(() => {
  fakeBrowser.reset();
  chromeOnly = fakeChrome();
  startBackground();
});
afterEach(() => void vi.restoreAllMocks());

/** What the popup sends; the worker's reply is what the popup gets back. */
const sender = (path: string) => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL(path) });
const POPUP = () => sender('/popup.html');
const OFFSCREEN = () => sender('/offscreen.html');
/** The overlay's content script: its sender URL is the shared page's. */
const CONTENT_SCRIPT = () => ({ id: fakeBrowser.runtime.id, url: 'https://shared.example/' });

async function fromPopup(message: ToBackground) {
  const [reply] = await fakeBrowser.runtime.onMessage.trigger(message, POPUP());
  return reply;
}
const startShare = (mode: 'tab' | 'display' = 'tab', sound = false) =>
  fromPopup({ to: 'background', type: 'start-share', mode, tabId: TAB, sound });

/**
 * The worker reacts to some events without replying (a broadcast, a notification's button): the
 * fakes never wait on a timer, so one task turn lets whatever it started finish.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the offscreen document broadcasts on every change of the share's state. */
async function broadcast(state: SharerState) {
  await fakeBrowser.runtime.onMessage.trigger(
    { to: 'all', type: 'state', state } satisfies StateBroadcast,
    OFFSCREEN(),
  );
  await settle();
}
const click = async (notificationId: string, button: number) => {
  await fakeBrowser.notifications.onButtonClicked.trigger(notificationId, button);
  await settle();
};

const helper = (patch: Partial<Helper>): Helper => ({
  id: 'v1',
  name: 'Ana',
  code: '1234',
  admitted: true,
  connection: 'connected',
  route: null,
  problem: null,
  quality: null,
  ...patch,
});
const live = (helpers: Helper[] = []): SharerState => ({
  phase: 'live',
  mode: 'tab',
  link: 'http://localhost:8787/#s=x',
  helpers,
  overlay: true,
  paused: false,
  annotations: true,
  since: 1_000,
  endsAt: null,
});

const closeTab = (tabId: number) =>
  fakeBrowser.tabs.onRemoved.trigger(tabId, { windowId: 0, isWindowClosing: false });
const loadPage = (tabId: number, status: 'loading' | 'complete') =>
  fakeBrowser.tabs.onUpdated.trigger(tabId, { status }, tab(tabId));
const tab = (id: number): Tabs.Tab => ({
  id,
  index: 0,
  active: true,
  highlighted: true,
  pinned: false,
  incognito: false,
});
const stops = () => chromeOnly.received.filter((message) => message.type === 'stop');

describe('the shared tab', () => {
  it('closing it stops the share; closing another tab does not', async () => {
    await startShare();
    await closeTab(OTHER_TAB);
    expect(stops()).toEqual([]);
    await closeTab(TAB);
    expect(stops()).toEqual([{ to: 'offscreen', type: 'stop', reason: 'tab-closed' }]);
  });

  it('gets the overlay back once a new page has loaded in it, and no other tab gets it', async () => {
    await startShare();
    expect(chromeOnly.injected).toEqual([TAB]);
    await loadPage(TAB, 'loading');
    await loadPage(OTHER_TAB, 'complete');
    expect(chromeOnly.injected).toEqual([TAB]);
    await loadPage(TAB, 'complete');
    expect(chromeOnly.injected).toEqual([TAB, TAB]);
  });

  it('is remembered across a restart of the worker', async () => {
    await startShare();
    // Chrome stops an idle worker: its listeners and everything in memory go, session storage stays.
    for (const event of [
      fakeBrowser.tabs.onRemoved,
      fakeBrowser.tabs.onUpdated,
      fakeBrowser.runtime.onMessage,
    ])
      event.removeAllListeners();
    vi.resetModules();
    const restarted = await import('./background.ts');
    restarted.startBackground();
    await closeTab(TAB);
    expect(stops()).toHaveLength(1);
  });

  it('is forgotten once the share is over', async () => {
    await startShare();
    await broadcast({ phase: 'ended', reason: 'stopped' });
    expect(chromeOnly.isOpen()).toBe(false);
    await loadPage(TAB, 'complete');
    await closeTab(TAB);
    expect(chromeOnly.injected).toEqual([TAB]);
    expect(stops()).toEqual([]);
  });
});

describe('starting a share', () => {
  it('hands the offscreen document a stream id, the viewport, the settings and the sound choice, then adds the overlay', async () => {
    const settings = { ...DEFAULT_SETTINGS, sharerName: 'Sam' };
    await saveSettings(settings);
    expect(await startShare('tab', true)).toEqual({ ok: true });
    expect(chromeOnly.received).toEqual([
      {
        to: 'offscreen',
        type: 'start',
        mode: 'tab',
        tabId: TAB,
        streamId: `stream-${TAB}`,
        viewport: chromeOnly.viewport,
        settings,
        sound: true,
      },
    ]);
    expect(chromeOnly.injected).toEqual([TAB]);
  });

  it('takes neither a stream id nor a viewport to share the screen', async () => {
    await startShare('display');
    expect(chromeOnly.received).toMatchObject([{ type: 'start', streamId: null, viewport: null }]);
  });

  it('still shares a page that refuses scripts, without overlay or viewport', async () => {
    chromeOnly.refusing.add(TAB);
    expect(await startShare()).toEqual({ ok: true });
    expect(chromeOnly.received).toMatchObject([{ type: 'start', viewport: null }]);
    expect(chromeOnly.injected).toEqual([]);
  });

  it('answers what the offscreen document answers', async () => {
    fakeBrowser.reset();
    chromeOnly = fakeChrome({ answer: () => ({ ok: false, error: 'no camera' }) });
    startBackground();
    expect(await startShare()).toEqual({ ok: false, error: 'no camera' });
  });

  it('answers a failure as an error instead of throwing it at the popup', async () => {
    vi.spyOn(chrome.tabCapture, 'getMediaStreamId').mockRejectedValue(new Error('Tab capture refused'));
    expect(await startShare()).toEqual({ ok: false, error: 'Tab capture refused' });
  });

  it.each<[string, () => unknown, number]>([
    ['started: the popup Chrome closed comes back with the link', () => ({ ok: true }), 1],
    ['refused: nothing opens', () => ({ ok: false, error: 'Tab capture refused' }), 0],
  ])('%s', async (_, answer, opened) => {
    vi.restoreAllMocks();
    chromeOnly = fakeChrome({ answer });
    await startShare();
    await settle();
    expect(chromeOnly.popupsOpened()).toBe(opened);
  });

  it('opens one offscreen document for two starts racing (a double click)', async () => {
    const replies = await Promise.all([startShare(), startShare()]);
    expect(replies).toEqual([{ ok: true }, { ok: true }]);
    expect(chromeOnly.created()).toBe(1);
  });
});

describe('stopping a share', () => {
  it('asks the offscreen document to stop', async () => {
    await startShare();
    expect(await fromPopup({ to: 'background', type: 'stop-share' })).toEqual({ ok: true });
    expect(stops()).toEqual([{ to: 'offscreen', type: 'stop', reason: 'stopped' }]);
  });

  it('with nothing running, says so and clears a badge left over', async () => {
    await fakeBrowser.action.setBadgeText({ text: 'LIVE' });
    expect(await fromPopup({ to: 'background', type: 'stop-share' })).toEqual({ ok: true });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('state broadcasts', () => {
  const RED = [0xd9, 0x30, 0x25, 255];
  const AMBER = [0xf2, 0x99, 0x00, 255];
  it.each<[string, SharerState, string, number[], string]>([
    ['idle', { phase: 'idle' }, '', RED, 'Lookover: get help with this tab'],
    ['starting', { phase: 'starting', mode: 'tab' }, '…', RED, 'Lookover: get help with this tab'],
    ['live, nobody watching', live(), 'LIVE', RED, 'Lookover: sharing (0 watching)'],
    [
      'live, two watching',
      live([helper({ id: 'a' }), helper({ id: 'b' })]),
      '2',
      RED,
      'Lookover: sharing (2 watching)',
    ],
    [
      'live, one asking to watch',
      live([helper({ id: 'a' }), helper({ id: 'b', admitted: false })]),
      '!',
      AMBER,
      'Lookover: someone is asking to watch',
    ],
    ['ended', { phase: 'ended', reason: 'tab-closed' }, '', RED, 'Lookover: get help with this tab'],
  ])('%s: badge and title', async (_name, state, text, color, title) => {
    await broadcast(state);
    expect(await fakeBrowser.action.getTitle({})).toBe(title);
    expect(await fakeBrowser.action.getBadgeText({})).toBe(text);
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual(color);
  });

  it.each<[string, SharerState, IconState]>([
    ['idle', { phase: 'idle' }, 'idle'],
    ['live', live(), 'live'],
    ['paused', { ...live(), paused: true } as SharerState, 'paused'],
    ['someone asking', live([helper({ admitted: false })]), 'asking'],
    ['ended', { phase: 'ended', reason: 'stopped' }, 'idle'],
  ])('%s: the toolbar shows the %s mark', async (_name, state, mark) => {
    await broadcast(state);
    const icon = chromeOnly.icon();
    expect(Object.keys(icon ?? {})).toEqual(['16', '32']);
    expect([...icon![16]!.data]).toEqual([...renderLogo(16, mark)]);
  });

  it.each<[string, 'kept open' | 'closed', SharerState]>([
    ['starting', 'kept open', { phase: 'starting', mode: 'tab' }],
    ['live', 'kept open', live()],
    ['ended', 'closed', { phase: 'ended', reason: 'stopped' }],
    ['failed', 'closed', { phase: 'error', message: 'boom' }],
  ])('%s: the offscreen document is %s', async (_name, outcome, state) => {
    await startShare();
    await broadcast(state);
    expect(chromeOnly.isOpen()).toBe(outcome === 'kept open');
  });
});

describe('the end of a share', () => {
  it('closes the offscreen document once when two broadcasts of it race, and counts the other try', async () => {
    await startShare();
    const before = failures.counts()['close-offscreen'] ?? 0;
    const ended: SharerState = { phase: 'ended', reason: 'stopped' };
    await Promise.all([broadcast(ended), broadcast(ended)]);
    expect(chromeOnly.isOpen()).toBe(false);
    expect(failures.counts()['close-offscreen']).toBe(before + 1);
  });

  it('closes the offscreen document even when notifications fail, and counts that', async () => {
    await startShare();
    vi.spyOn(fakeBrowser.notifications, 'getAll').mockRejectedValue(new Error('notifications are off'));
    const before = failures.counts()['request-notifications'] ?? 0;
    await broadcast({ phase: 'ended', reason: 'stopped' });
    expect(chromeOnly.isOpen()).toBe(false);
    expect(failures.counts()['request-notifications']).toBe(before + 1);
  });
});

describe('requests to watch', () => {
  const ID = 'lookover-request:v1';
  const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

  it('shows one notification per helper asking with a code, and clears it once they are let in', async () => {
    // No code yet (the DTLS fingerprints are not both known): nothing to check it against.
    await broadcast(live([helper({ admitted: false, code: null })]));
    expect(await shown()).toEqual([]);
    await broadcast(live([helper({ admitted: false })]));
    expect(await shown()).toEqual([ID]);
    expect(await fakeBrowser.notifications.getAll()).toMatchObject({
      [ID]: { title: 'Ana wants to watch your tab', message: expect.stringContaining('Code 1234.') },
    });
    await broadcast(live([helper({ admitted: true })]));
    expect(await shown()).toEqual([]);
  });

  it.each([
    [0, 'admit'],
    [1, 'deny'],
  ])('button %i tells the offscreen document to %s', async (button, type) => {
    await startShare();
    await broadcast(live([helper({ admitted: false })]));
    await click(ID, button);
    expect(chromeOnly.received.at(-1)).toEqual({ to: 'offscreen', type, id: 'v1' });
    expect(await shown()).toEqual([]);
  });

  it('counts an answer that finds no share left to answer', async () => {
    const before = failures.counts()['request-answer'] ?? 0;
    await click(ID, 0);
    expect(failures.counts()['request-answer']).toBe(before + 1);
  });
});

describe('a share about to end itself because no one watches', () => {
  const ID = 'lookover-idle';
  const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());
  const warned = { ...live(), endsAt: 61_000 } as SharerState;

  it('shows a notification while the warning stands, and takes it back after', async () => {
    await broadcast(live());
    expect(await shown()).toEqual([]);
    await broadcast(warned);
    expect(await fakeBrowser.notifications.getAll()).toMatchObject({
      [ID]: { title: 'No one is watching your shared tab' },
    });
    await broadcast(live([helper({})]));
    expect(await shown()).toEqual([]);
  });

  it.each<[number, unknown]>([
    [0, { to: 'offscreen', type: 'keep-sharing' }],
    [1, { to: 'offscreen', type: 'stop', reason: 'stopped' }],
  ])('button %i sends %o', async (button, message) => {
    await startShare();
    await broadcast(warned);
    await click(ID, button);
    expect(chromeOnly.received.at(-1)).toEqual(message);
    expect(await shown()).toEqual([]);
  });
});

describe('messages for others', () => {
  it.each([
    ['the offscreen document', { to: 'offscreen', type: 'get-state' }],
    ['nobody', { type: 'start-share', mode: 'tab', tabId: TAB, sound: false }],
    ['no one (not a message at all)', 'start-share'],
  ])('one for %s is left unanswered and starts nothing', async (_name, message) => {
    expect(await fakeBrowser.runtime.onMessage.trigger(message, POPUP())).toEqual([undefined]);
    expect(chromeOnly.received).toEqual([]);
    expect(chromeOnly.isOpen()).toBe(false);
  });
});

describe('messages from the shared page', () => {
  it('a content script cannot start or stop a share', async () => {
    const start: ToBackground = {
      to: 'background',
      type: 'start-share',
      mode: 'tab',
      tabId: TAB,
      sound: false,
    };
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(start, CONTENT_SCRIPT());
    expect(reply).toEqual({ ok: false, error: 'Not allowed from here.' });
    expect(chromeOnly.isOpen()).toBe(false);
    expect(chromeOnly.received).toEqual([]);
  });

  it('a state broadcast from anyone but the offscreen document changes no badge', async () => {
    const before = await fakeBrowser.action.getBadgeText({});
    const forged: StateBroadcast = { to: 'all', type: 'state', state: { phase: 'starting', mode: 'tab' } };
    await fakeBrowser.runtime.onMessage.trigger(forged, CONTENT_SCRIPT());
    await fakeBrowser.runtime.onMessage.trigger(forged, POPUP());
    await settle();
    expect(await fakeBrowser.action.getBadgeText({})).toBe(before);
  });
});
