import browser from 'webextension-polyfill';
import type { SharerState } from '../core/session/sharer-state.ts';

/** The toolbar badge says a share is live (and how many are watching) on every tab. */
export async function showBadge(state: SharerState): Promise<void> {
  const live = state.phase === 'live';
  const watching = live ? state.viewers.filter((viewer) => viewer.connection === 'connected').length : 0;
  const text = state.phase === 'starting' ? '…' : live ? (watching > 0 ? String(watching) : 'LIVE') : '';
  await browser.action.setBadgeBackgroundColor({ color: '#d93025' });
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({
    title: live ? `Lookover: sharing (${watching} watching)` : 'Lookover: get help with this tab',
  });
}
