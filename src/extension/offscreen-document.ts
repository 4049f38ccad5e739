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
  if (await exists()) await chrome.offscreen.closeDocument().catch(() => undefined);
}
