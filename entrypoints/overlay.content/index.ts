import browser from 'webextension-polyfill';
import { OVERLAY_PORT, type OverlayMessage } from '../../src/extension/messages.ts';
import { mountInkOverlay } from '../../src/overlay/ink-overlay.ts';

export default defineContentScript({
  // Injected by the service worker into the shared tab only, never declared for every page.
  registration: 'runtime',
  main(ctx) {
    const flag = Symbol.for('lookover.overlay');
    const scope = globalThis as { [flag]?: boolean };
    if (scope[flag]) return;
    scope[flag] = true;
    const overlay = mountInkOverlay(ctx.signal);
    // Straight to the offscreen document, which owns the session: the service worker may be asleep.
    const port = browser.runtime.connect({ name: OVERLAY_PORT });
    port.onMessage.addListener((data: unknown) => {
      const message = data as OverlayMessage;
      switch (message.type) {
        case 'frame':
          return overlay.setFrame(message);
        case 'status':
          return overlay.setPaused(message.paused);
        case 'pointer':
          return overlay.pointer(message.helperId, message.name, message.x, message.y);
        case 'pointer-leave':
          return overlay.pointerLeave(message.helperId);
        case 'ink':
          return overlay.ink(message.helperId, message.message);
        case 'annotations':
          return overlay.setVisible(message.visible);
        case 'clear-annotations':
          return overlay.clearAll();
      }
    });
    port.onDisconnect.addListener(() => {
      scope[flag] = false;
      ctx.abort();
    });
  },
});
