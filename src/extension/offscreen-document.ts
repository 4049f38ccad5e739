import { failures } from '../core/util/failures.ts';

const URL_PATH = 'offscreen.html';
let creating: Promise<void> | null = null;

async function exists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(URL_PATH)],
  });
  return contexts.length > 0;
}

/** The session's home: it outlives the popup and the service worker. At most one exists. */
export async function ensureOffscreenDocument(): Promise<void> {
  if (await exists()) return;
  // Two starts racing (double click) must not create two documents: Chrome allows only one.
  creating ??= chrome.offscreen
    .createDocument({
      url: URL_PATH,
      reasons: [
        chrome.offscreen.Reason.USER_MEDIA,
        chrome.offscreen.Reason.DISPLAY_MEDIA,
        chrome.offscreen.Reason.WEB_RTC,
      ],
      justification: 'Captures the shared tab and streams it to the helper over WebRTC.',
    })
    .finally(() => (creating = null));
  await creating;
}

export async function closeOffscreenDocument(): Promise<void> {
  // Not thrown: the caller is done with the share either way. Counted: a document left open would
  // keep capturing the tab.
  if (await exists()) await chrome.offscreen.closeDocument().catch(failures.as('close-offscreen'));
}
