import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isFor, type ToOffscreen } from '../../src/extension/messages.ts';
import type { Size } from '../../src/core/view/geometry.ts';

/**
 * The Chrome-only APIs the service worker uses and fakeBrowser lacks (offscreen documents, tab
 * capture, scripting), over fakeBrowser's own runtime, tabs, storage, action and notifications.
 *
 * `runtime.sendMessage` reaches the offscreen document only, as in Chrome, where a context never
 * receives its own messages and a message nobody receives is an error: the worker relies on that
 * error to tell that no share is running. Call `vi.restoreAllMocks()` after each test.
 */
export function fakeChrome(options: { answer?: (message: ToOffscreen) => unknown } = {}) {
  const { answer = () => ({ ok: true }) } = options;
  const received: ToOffscreen[] = [];
  let documentUrl: string | null = null;
  let created = 0;

  Object.assign(fakeBrowser.runtime, {
    ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT', POPUP: 'POPUP' },
    // Only the offscreen document is modelled: no popup is ever open.
    getContexts: async (filter: chrome.runtime.ContextFilter) =>
      documentUrl !== null &&
      (!filter.contextTypes ||
        filter.contextTypes.includes('OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType)) &&
      (!filter.documentUrls || filter.documentUrls.includes(documentUrl))
        ? [{ contextType: 'OFFSCREEN_DOCUMENT', documentUrl }]
        : [],
  });
  Object.assign(fakeBrowser, {
    offscreen: {
      Reason: { USER_MEDIA: 'USER_MEDIA', DISPLAY_MEDIA: 'DISPLAY_MEDIA', WEB_RTC: 'WEB_RTC' },
      createDocument: async ({ url }: chrome.offscreen.CreateParameters) => {
        // Chrome allows one: a second is an error, not a second document.
        if (documentUrl !== null) throw new Error('Only a single offscreen document may be created.');
        documentUrl = fakeBrowser.runtime.getURL(url);
        created++;
      },
      closeDocument: async () => {
        if (documentUrl === null) throw new Error('No current offscreen document.');
        documentUrl = null;
      },
    },
    tabCapture: {
      getMediaStreamId: async ({ targetTabId }: { targetTabId: number }) => `stream-${targetTabId}`,
    },
  });
  // The worker draws its toolbar marks as ImageData, which Node lacks.
  class FakeImageData {
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
    ) {}
  }
  vi.stubGlobal('ImageData', FakeImageData);
  let icon: Record<number, FakeImageData> | null = null;
  Object.assign(fakeBrowser.action, {
    setIcon: async ({ imageData }: { imageData: Record<number, FakeImageData> }) => void (icon = imageData),
  });
  let popupsOpened = 0;
  Object.assign(fakeBrowser.action, { openPopup: async () => void popupsOpened++ });
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    if (documentUrl === null || !isFor<ToOffscreen>('offscreen', message))
      throw new Error('Could not establish connection. Receiving end does not exist.');
    received.push(message);
    return answer(message);
  });

  /** Pages that refuse scripts (chrome://, the Web Store); every other tab takes them. */
  const refusing = new Set<number>();
  const viewport: Size = { width: 1600, height: 900 };
  const injected: number[] = [];
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async ({ target, files }) => {
    if (refusing.has(target.tabId)) throw new Error('Cannot access contents of the page.');
    if (files) {
      injected.push(target.tabId);
      return [];
    }
    return [{ frameId: 0, documentId: 'page', result: viewport }];
  });

  return {
    /** What the offscreen document was sent, in order. */
    received,
    /** Tabs the overlay script was injected into, in order. */
    injected,
    refusing,
    viewport,
    isOpen: () => documentUrl !== null,
    created: () => created,
    /** The toolbar mark last set, by size. */
    icon: () => icon,
    /** How often the worker opened the action popup itself. */
    popupsOpened: () => popupsOpened,
    openDocument: () => void (documentUrl = fakeBrowser.runtime.getURL('offscreen.html')),
  };
}
