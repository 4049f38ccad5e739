import browser from 'webextension-polyfill';
import { waiting, watching, type SharerState } from '../core/session/sharer-state.ts';
import { t } from '../i18n/t.ts';

/** The toolbar badge: live (and how many watch), or "!" in amber while someone asks to watch. */
export async function showBadge(state: SharerState): Promise<void> {
  const asking = waiting(state).length;
  const count = watching(state).length;
  const text =
    state.phase === 'starting'
      ? '…'
      : asking > 0
        ? '!'
        : state.phase === 'live'
          ? count > 0
            ? String(count)
            : 'LIVE'
          : '';
  await browser.action.setBadgeBackgroundColor({ color: asking > 0 ? '#f29900' : '#d93025' });
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({
    title:
      asking > 0
        ? t('badge.asking')
        : state.phase === 'live'
          ? t('badge.sharing', { count })
          : t('badge.idle'),
  });
}
