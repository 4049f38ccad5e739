import type { ToBackground, ToOffscreen } from './messages.ts';

/**
 * Which of the extension's own contexts sent a message. `runtime.sendMessage` also reaches us from
 * the overlay's content script, which runs in the shared tab's renderer: a compromised page could
 * use it to admit itself, stop the share or read the link. So every command names who may send it,
 * and a sender is known only by the extension page it comes from (a content script's sender URL is
 * the web page's).
 */
export type Context = 'popup' | 'worker' | 'offscreen';

const PAGES: Record<Context, string> = {
  popup: '/popup.html',
  worker: '/background.js',
  offscreen: '/offscreen.html',
};

export interface Sender {
  id?: string | undefined;
  url?: string | undefined;
}

/** This extension, as `contextOf` compares senders with it. */
export const ownExtension = (runtime: { id: string; getURL(path: string): string }) => ({
  id: runtime.id,
  origin: runtime.getURL('/').replace(/\/$/, ''),
});

/** Who may send `type`; a type we do not know (garbage from anyone) may come from no one. */
export const allowedFor = <T extends string>(
  table: Record<T, readonly Context[]>,
  type: string,
): readonly Context[] => (Object.hasOwn(table, type) ? table[type as T] : []);

export function contextOf(sender: Sender, own: { id: string; origin: string }): Context | null {
  // Compared as text: `chrome-extension:` is not a special scheme, so URL gives it no origin.
  const prefix = `${own.origin}/`;
  if (sender.id !== own.id || !sender.url?.startsWith(prefix)) return null;
  const path = `/${sender.url.slice(prefix.length).split(/[?#]/)[0] ?? ''}`;
  return (Object.keys(PAGES) as Context[]).find((context) => PAGES[context] === path) ?? null;
}

/** Who may tell the offscreen document what (the worker relays the notifications' Allow and Deny). */
export const MAY_SEND_TO_OFFSCREEN: Record<ToOffscreen['type'], readonly Context[]> = {
  start: ['worker'],
  stop: ['worker'],
  'get-state': ['popup', 'worker'],
  'get-stats': ['popup', 'worker'],
  admit: ['popup', 'worker'],
  deny: ['popup', 'worker'],
  remove: ['popup'],
  pause: ['popup'],
  annotations: ['popup'],
  'clear-annotations': ['popup'],
  // The worker relays the idle warning notification's button.
  'keep-sharing': ['popup', 'worker'],
};

export const MAY_SEND_TO_WORKER: Record<ToBackground['type'], readonly Context[]> = {
  'start-share': ['popup'],
  'stop-share': ['popup'],
};

/** Only the offscreen document owns the session, so only its state broadcasts are believed. */
export const MAY_BROADCAST_STATE: readonly Context[] = ['offscreen'];

export const maySend = (allowed: readonly Context[], context: Context | null): boolean =>
  context !== null && allowed.includes(context);
