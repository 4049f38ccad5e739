import type { SharerState } from '../core/session/sharer-state.ts';
import { t } from '../i18n/t.ts';
import type { ToOffscreen } from './messages.ts';

/**
 * A share about to end itself because no one watches says so where the sharer will see it: the
 * popup is most likely closed, so also as a notification, with "Keep sharing".
 */
const ID = 'lookover-idle';

export async function syncIdleNotification(state: SharerState): Promise<void> {
  const endsAt = state.phase === 'live' ? state.endsAt : null;
  const shown = ID in (await chrome.notifications.getAll());
  if (endsAt === null) {
    if (shown) await chrome.notifications.clear(ID);
    return;
  }
  if (shown) return;
  await chrome.notifications.create(ID, {
    type: 'basic',
    iconUrl: chrome.runtime.getURL('/icon-128.png'),
    title: t('notify.idleTitle'),
    message: t('notify.idleMessage'),
    buttons: [{ title: t('notify.keepSharing') }, { title: t('notify.stopNow') }],
    requireInteraction: true,
    priority: 1,
  });
}

export function listenToIdleNotification(send: (message: ToOffscreen) => unknown, stop: () => unknown) {
  chrome.notifications.onButtonClicked.addListener((notificationId, buttonIndex) => {
    if (notificationId !== ID) return;
    if (buttonIndex === 0) send({ to: 'offscreen', type: 'keep-sharing' });
    else stop();
    void chrome.notifications.clear(notificationId);
  });
}
