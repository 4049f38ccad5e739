/**
 * Chrome closes the action popup about 250 ms after a capture starts (the capture takes focus), and
 * the person who just shared would have to click the toolbar button again to find the link. So once
 * a share has started, the worker watches for the popup to go and opens it again, once. A popup
 * still open after the watch is one the person kept, and is left alone.
 */
const WATCH_MS = 3_000;
const POLL_MS = 100;

export interface PopupControls {
  isOpen(): Promise<boolean>;
  open(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export type PopupReturn = 'kept-open' | 'reopened' | 'refused';

export async function bringPopupBack(controls: PopupControls, watchMs = WATCH_MS): Promise<PopupReturn> {
  for (let waited = 0; await controls.isOpen(); waited += POLL_MS) {
    if (waited >= watchMs) return 'kept-open';
    await controls.sleep(POLL_MS);
  }
  // Chrome refuses when no window of this profile is focused (the person moved on).
  return controls.open().then(
    () => 'reopened',
    () => 'refused',
  );
}

export const chromePopup: PopupControls = {
  isOpen: async () =>
    (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.POPUP] })).length > 0,
  open: () => chrome.action.openPopup(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
