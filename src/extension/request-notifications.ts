import { waiting, type SharerState } from '../core/session/sharer-state.ts';
import { t } from '../i18n/t.ts';
import type { ToOffscreen } from './messages.ts';

/**
 * Chrome closes the popup when tab capture starts, so a request to watch also shows as a system
 * notification with Allow and Deny: UI the extension owns, out of the shared page's reach, since
 * only the sharer may let a helper in.
 */
const PREFIX = 'lookover-request:';

export async function syncRequestNotifications(state: SharerState): Promise<void> {
  const asking = waiting(state).filter((helper) => helper.code !== null);
  const shown = Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith(PREFIX));
  const wanted = new Set(asking.map((helper) => PREFIX + helper.id));
  for (const id of shown) if (!wanted.has(id)) await chrome.notifications.clear(id);
  for (const helper of asking) {
    if (shown.includes(PREFIX + helper.id)) continue;
    await chrome.notifications.create(PREFIX + helper.id, {
      type: 'basic',
      iconUrl: chrome.runtime.getURL('/icon-128.png'),
      title: t('notify.requestTitle', { name: helper.name || t('popup.someone') }),
      message: t('notify.requestMessage', { code: helper.code ?? '' }),
      buttons: [{ title: t('notify.allow') }, { title: t('notify.deny') }],
      requireInteraction: true,
      priority: 2,
    });
  }
}

export function listenToRequestNotifications(send: (message: ToOffscreen) => unknown) {
  chrome.notifications.onButtonClicked.addListener((notificationId, buttonIndex) => {
    if (!notificationId.startsWith(PREFIX)) return;
    const id = notificationId.slice(PREFIX.length);
    send({ to: 'offscreen', type: buttonIndex === 0 ? 'admit' : 'deny', id });
    void chrome.notifications.clear(notificationId);
  });
}
