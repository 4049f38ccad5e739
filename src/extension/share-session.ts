import type { Runtime } from 'webextension-polyfill';
import { randomId } from '../core/bytes.ts';
import { importSessionKey } from '../core/crypto.ts';
import { createSessionLink, formatLink } from '../core/link.ts';
import { parsePointerMessage } from '../core/protocol/pointer.ts';
import {
  IDLE,
  isSharing,
  nextSharerState,
  type EndReason,
  type SharerEvent,
  type SharerState,
} from '../core/session/sharer-state.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../core/signaling/sharer-signaling.ts';
import { capture, displaySurface } from './capture.ts';
import { OVERLAY_PORT, type OverlayMessage, type ToOffscreen } from './messages.ts';
import { createViewerPeer, type ViewerPeer } from './viewer-peer.ts';

type StartCommand = Extract<ToOffscreen, { type: 'start' }>;

/**
 * The sharing session, owned by the offscreen document: capture, broker connection, one peer per
 * helper, and the overlay ports of the shared tab. Everything it does shows up as a state broadcast.
 */
export function createShareController(broadcast: (state: SharerState) => void) {
  let state: SharerState = IDLE;
  let sharedTabId: number | null = null;
  let teardown: (() => Promise<void>) | null = null;
  const overlays = new Set<Runtime.Port>();
  let frame: OverlayMessage | null = null;
  const dropped = { pointer: 0 };

  const dispatch = (event: SharerEvent) => {
    const next = nextSharerState(state, event);
    if (next === state) return;
    state = next;
    broadcast(state);
  };
  const toOverlays = (message: OverlayMessage) => {
    for (const port of overlays) port.postMessage(message);
  };

  async function run(command: StartCommand, stopped: AbortSignal) {
    const stream = await capture(command.mode, command.streamId, command.viewport);
    const cleanups: (() => unknown)[] = [() => stream.getTracks().forEach((track) => track.stop())];
    teardown = async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    };
    stopped.throwIfAborted();
    const { width = 0, height = 0 } = stream.getVideoTracks()[0]?.getSettings() ?? {};
    frame = { type: 'frame', width, height };
    toOverlays(frame);
    // Pointers land on the shared tab; a whole window or screen has no tab to draw them on.
    const overlay = command.mode === 'tab' || displaySurface(stream) === 'browser';
    const { settings } = command;
    const transport = await connectMqtt(settings.brokerUrl);
    cleanups.push(() => transport.close());
    stopped.throwIfAborted();

    const link = createSessionLink(settings.brokerUrl);
    const channel = createSecureChannel({
      transport,
      key: await importSessionKey(link.key),
      selfId: randomId(),
    });
    const peers = new Map<string, ViewerPeer>();
    const names = new Map<string, string>();
    const removeViewer = (id: string) => {
      peers.get(id)?.close();
      peers.delete(id);
      signaling.forget(id);
      dispatch({ type: 'viewer-left', id });
      toOverlays({ type: 'pointer-leave', helperId: id });
    };
    const signaling = startSharerSignaling(channel, link.sessionId, {
      onJoin(id, name) {
        const existing = peers.get(id);
        if (existing) return void existing.resendOffer();
        names.set(id, name);
        dispatch({ type: 'viewer-joined', id, name });
        peers.set(
          id,
          createViewerPeer(stream, settings, {
            sendOffer: (offer) => void signaling.sendOffer(id, offer),
            sendCandidate: (candidate) => void signaling.sendCandidate(id, candidate),
            onConnection: (connection) =>
              connection === 'failed' || connection === 'closed'
                ? removeViewer(id)
                : dispatch({ type: 'viewer-connection', id, connection }),
            onPointerData(data) {
              const message = parsePointerMessage(data);
              if (!message) return void dropped.pointer++;
              toOverlays(
                message.t === 'pointer'
                  ? { type: 'pointer', helperId: id, name: names.get(id) ?? '', x: message.x, y: message.y }
                  : { type: 'pointer-leave', helperId: id },
              );
            },
          }),
        );
      },
      onAnswer: (id, sdp) =>
        void peers
          .get(id)
          ?.acceptAnswer(sdp)
          .catch(() => removeViewer(id)),
      onCandidate: (id, candidate) => void peers.get(id)?.addCandidate(candidate),
      onLeave: removeViewer,
    });
    // Cleanups run last-in first-out: tell helpers it ended (so their page says so rather than
    // timing out), then close the peers (a clean close also reaches them over the data channel).
    cleanups.push(
      () => peers.forEach((peer) => peer.close()),
      async () => {
        signaling.close();
        await Promise.race([signaling.end(), new Promise((resolve) => setTimeout(resolve, 500))]);
      },
    );
    // Chrome's own "Stop sharing" bar, or the shared tab closing, ends the track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => void stop('capture-ended'));
    if (!overlay) for (const port of overlays) port.disconnect();
    dispatch({ type: 'ready', link: formatLink(settings.helperUrl, link), overlay });
  }

  let abort = new AbortController();
  async function stop(reason: EndReason) {
    if (!isSharing(state)) return;
    abort.abort();
    const done = teardown;
    teardown = null;
    for (const port of overlays) port.disconnect();
    overlays.clear();
    await done?.();
    dispatch({ type: 'stopped', reason });
  }

  return {
    getState: () => state,
    droppedMessages: () => ({ ...dropped }),
    start(command: StartCommand) {
      if (isSharing(state)) return;
      sharedTabId = command.tabId;
      abort = new AbortController();
      dispatch({ type: 'start', mode: command.mode });
      const stopped = abort.signal;
      // A stop while capturing or connecting lands here too (throwIfAborted): release what was taken.
      run(command, stopped).catch(async (error: unknown) => {
        await teardown?.();
        teardown = null;
        if (stopped.aborted) return;
        dispatch({ type: 'failed', message: describeError(error, command.settings.brokerUrl) });
      });
    },
    stop,
    /** The overlay content script of the shared tab connects here; anything else is refused. */
    attachOverlay(port: Runtime.Port) {
      if (port.name !== OVERLAY_PORT) return;
      const wanted = state.phase === 'starting' || (state.phase === 'live' && state.overlay);
      if (port.sender?.tab?.id !== sharedTabId || !wanted) return port.disconnect();
      overlays.add(port);
      if (frame) port.postMessage(frame);
      port.onDisconnect.addListener(() => overlays.delete(port));
    },
  };
}

function describeError(error: unknown, brokerUrl: string): string {
  if ((error as Error)?.name === 'BrokerUnreachableError') {
    return `Cannot reach the Lookover server (${brokerUrl}). Is it running? You can change it in Lookover's options.`;
  }
  return (error as Error)?.message ?? String(error);
}
