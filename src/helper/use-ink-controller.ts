import { useMemo } from 'preact/hooks';
import type { RefObject } from 'preact';
import { encodeInkMessage } from '../core/protocol/ink.ts';
import { createInkController, type InkController } from './ink-controller.ts';
import type { Channels } from './use-join.ts';

/** The helper's ink for one attempt, sent on the `ink` channel whenever it is open. */
export function useInkController(channels: RefObject<Channels>, attempt: number): InkController {
  return useMemo(
    () =>
      createInkController((message) => {
        const channel = channels.current.ink;
        if (channel?.readyState === 'open') channel.send(encodeInkMessage(message));
      }),
    [attempt],
  );
}
