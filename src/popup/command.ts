import browser from 'webextension-polyfill';
import { failures } from '../core/util/failures.ts';
import type { ToOffscreen } from '../extension/messages.ts';

const ACTION: Record<ToOffscreen['type'], string> = {
  start: 'start sharing',
  stop: 'stop sharing',
  'get-state': 'read the share',
  'get-stats': 'read the share',
  admit: 'let them in',
  deny: 'turn them away',
  remove: 'remove them',
  pause: 'pause or resume',
  annotations: 'show or hide drawings',
  'clear-annotations': 'clear drawings',
  'keep-sharing': 'keep sharing',
};

let report: (message: string) => void = () => undefined;

/** Where a failed command is told: the popup shows it (an Allow that went nowhere must not look done). */
export const onCommandFailed = (show: (message: string) => void) => {
  report = show;
};

/** Session commands go straight to the offscreen document, which owns the session. */
export function command(message: ToOffscreen) {
  browser.runtime.sendMessage(message).catch((error: unknown) => {
    failures.report(`popup command ${message.type}`, error);
    report(
      `Lookover could not ${ACTION[message.type]}: the share is not answering. Try again, or stop sharing.`,
    );
  });
}
