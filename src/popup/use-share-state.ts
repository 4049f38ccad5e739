import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { IDLE, type SharerState } from '../core/session/sharer-state.ts';
import { isFor, type StateBroadcast, type ToOffscreen } from '../extension/messages.ts';
import { contextOf, MAY_BROADCAST_STATE, maySend, ownExtension, type Sender } from '../extension/senders.ts';

/** The popup holds no state of its own: it asks the offscreen document, then follows its broadcasts. */
export function useShareState(): SharerState | null {
  const [state, setState] = useState<SharerState | null>(null);
  useEffect(() => {
    const own = ownExtension(browser.runtime);
    const onMessage = (message: unknown, sender: Sender) => {
      const fromOffscreen = maySend(MAY_BROADCAST_STATE, contextOf(sender, own));
      if (fromOffscreen && isFor<StateBroadcast>('all', message) && message.type === 'state')
        setState(message.state);
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    const ask: ToOffscreen = { to: 'offscreen', type: 'get-state' };
    browser.runtime
      .sendMessage(ask)
      .then((reply) => setState((reply as SharerState | undefined) ?? IDLE))
      // No offscreen document means no share.
      .catch(() => setState(IDLE));
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, []);
  return state;
}
