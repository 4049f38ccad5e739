import type { Runtime } from 'webextension-polyfill';
import { randomId } from '../core/util/bytes.ts';
import { importSessionKey } from '../core/crypto/session-key.ts';
import { createSessionLink, formatLink } from '../core/protocol/link.ts';
import { parseInkMessage } from '../core/protocol/ink.ts';
import { parsePointerMessage, type PointerMessage } from '../core/protocol/pointer.ts';
import { createRateLimiter } from '../core/util/rate-limit.ts';
import { createThrottle } from '../core/util/throttle.ts';
import type { DenyReason } from '../core/protocol/signal.ts';
import { REJOIN_WINDOW_MS, REQUEST_TIMEOUT_MS } from '../core/session/helper-state.ts';
import {
  IDLE,
  isSharing,
  nextSharerState,
  type EndReason,
  type SharerEvent,
  type SharerState,
} from '../core/session/sharer-state.ts';
import { connectMqtt } from '../core/signaling/mqtt.ts';
import { createSecureChannel, type SecureChannel } from '../core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../core/signaling/sharer-signaling.ts';
import { capture, displaySurface } from './capture.ts';
import { OVERLAY_PORT, type OverlayMessage, type SessionStats, type ToOffscreen } from './messages.ts';
import { keepSpare } from './spare.ts';
import { createViewerPeer, type ViewerPeer } from './viewer-peer.ts';

type StartCommand = Extract<ToOffscreen, { type: 'start' }>;

interface Session {
  admit(id: string): void;
  deny(id: string): void;
  remove(id: string): void;
  setPaused(paused: boolean): void;
  setAnnotations(visible: boolean): void;
  clearAnnotations(): void;
  stats(): Pick<SessionStats, 'droppedSignaling' | 'peers'>;
}

/**
 * The sharing session, owned by the offscreen document: capture, broker connection, one peer per
 * helper, and the overlay ports of the shared tab. Everything it does shows up as a state broadcast.
 */
export function createShareController(broadcast: (state: SharerState) => void) {
  let state: SharerState = IDLE;
  let sharedTabId: number | null = null;
  let teardown: (() => Promise<void>) | null = null;
  let session: Session | null = null;
  const overlays = new Set<Runtime.Port>();
  let frame: OverlayMessage | null = null;
  const counts = { droppedPointer: 0, droppedControl: 0, droppedInk: 0, limitedInk: 0, toOverlay: 0 };
  // A flood (issue 4: 10,000 messages a second) must not reach the shared tab: strokes are capped per
  // helper, and pointer moves go through a leading-edge throttle per helper, so at most one per frame
  // (16 ms: offscreen documents are hidden, so no requestAnimationFrame) and none waits when quiet.
  const inkRate = createRateLimiter({ burst: 400, perSecond: 200 });
  const pointerThrottles = new Map<string, ReturnType<typeof createThrottle<OverlayMessage>>>();
  const queuePointer = (helperId: string, name: string, message: PointerMessage) => {
    let throttle = pointerThrottles.get(helperId);
    if (!throttle) pointerThrottles.set(helperId, (throttle = createThrottle<OverlayMessage>(toOverlays)));
    throttle.call(
      message.t === 'pointer'
        ? { type: 'pointer', helperId, name, x: message.x, y: message.y }
        : { type: 'pointer-leave', helperId },
    );
  };

  const dispatch = (event: SharerEvent) => {
    const next = nextSharerState(state, event);
    if (next === state) return;
    state = next;
    broadcast(state);
  };
  const toOverlays = (message: OverlayMessage) => {
    counts.toOverlay++;
    for (const port of overlays) port.postMessage(message);
  };
  const viewerCount = () => (state.phase === 'live' ? state.viewers.length : 0);
  const isAdmitted = (id: string) =>
    state.phase === 'live' && state.viewers.some((v) => v.id === id && v.admitted);

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

    const customIce = settings.iceServers.length > 0 || settings.iceTransportPolicy !== 'all';
    const link = createSessionLink(settings.brokerUrl, customIce);
    const channel: SecureChannel = createSecureChannel({
      transport,
      key: await importSessionKey(link.key),
      selfId: randomId(),
    });
    const peers = new Map<string, ViewerPeer>();
    const spare = keepSpare(() => createViewerPeer(stream, { ...settings, key: link.key }));
    cleanups.push(() => spare.close());
    const requestTimers = new Map<string, ReturnType<typeof setTimeout>>();
    /** Resume secrets of helpers let in, so a reload within the window needs no second approval. */
    const letIn = new Map<string, { id: string; leftAt: number | null }>();
    const resumeOf = new Map<string, string>();
    let paused = false;

    const dropViewer = (id: string, reason?: DenyReason | 'end') => {
      clearTimeout(requestTimers.get(id));
      requestTimers.delete(id);
      void peers.get(id)?.close(reason);
      peers.delete(id);
      signaling.forget(id);
      const resume = resumeOf.get(id);
      const entry = resume === undefined ? undefined : letIn.get(resume);
      if (entry?.id === id) entry.leftAt = Date.now();
      dispatch({ type: 'viewer-left', id });
      // A move still waiting in the throttle would otherwise put a removed helper's pointer back.
      pointerThrottles.get(id)?.cancel();
      pointerThrottles.delete(id);
      toOverlays({ type: 'pointer-leave', helperId: id });
    };
    const admit = (id: string) => {
      const peer = peers.get(id);
      if (!peer || isAdmitted(id)) return;
      clearTimeout(requestTimers.get(id));
      requestTimers.delete(id);
      const resume = resumeOf.get(id);
      if (resume !== undefined) letIn.set(resume, { id, leftAt: null });
      peer.admit();
      if (paused) peer.setPaused(true);
      void signaling.admit(id);
      dispatch({ type: 'viewer-admitted', id });
    };

    const signaling = startSharerSignaling(channel, link.sessionId, {
      onJoin(id, name, resume, offer) {
        const existing = peers.get(id);
        if (existing) return existing.resendAnswer();
        const known = letIn.get(resume);
        const rejoining =
          known !== undefined && (known.leftAt === null || Date.now() - known.leftAt < REJOIN_WINDOW_MS);
        // The same person reloading: their old page is gone, so is its peer.
        if (rejoining && peers.has(known.id)) dropViewer(known.id);
        if (viewerCount() >= settings.maxViewers) return void signaling.deny(id, 'full');
        resumeOf.set(id, resume);
        const peer = spare.take();
        peers.set(id, peer);
        // Once the answer is on its way: the broadcast wakes the popup, which renders in this same
        // extension process, on the same main thread, and held the answer up by 5 to 10 ms in a
        // trace (issue 5, connect time).
        let announced = false;
        const announce = () => {
          if (announced || peers.get(id) !== peer) return;
          announced = true;
          dispatch({ type: 'viewer-joined', id, name, admitted: false });
          if (rejoining) return admit(id);
          requestTimers.set(
            id,
            setTimeout(() => {
              void signaling.deny(id, 'timeout');
              dropViewer(id, 'timeout');
            }, REQUEST_TIMEOUT_MS),
          );
        };
        peer.start(offer, {
          sendAnswer(sdp) {
            void signaling.sendAnswer(id, sdp);
            announce();
          },
          sendOffer: (sdp) => void signaling.sendOffer(id, sdp),
          sendCandidates: (candidates) => void signaling.sendCandidates(id, candidates),
          onCode: (code) => dispatch({ type: 'viewer-code', id, code }),
          onConnection: (connection) =>
            connection === 'failed' || connection === 'closed'
              ? dropViewer(id)
              : dispatch({ type: 'viewer-connection', id, connection }),
          onRoute: (route) => dispatch({ type: 'viewer-route', id, route }),
          onPointerData(data) {
            const message = parsePointerMessage(data);
            if (!message) return void counts.droppedPointer++;
            queuePointer(id, name, message);
          },
          onInkData(data) {
            const message = parseInkMessage(data);
            if (!message) return void counts.droppedInk++;
            if (peers.get(id) !== peer || !inkRate.allow(peer)) return void counts.limitedInk++;
            toOverlays({ type: 'ink', helperId: id, message });
          },
          onDroppedControl: () => void counts.droppedControl++,
        });
      },
      onAnswer: (id, sdp) =>
        void peers
          .get(id)
          ?.acceptAnswer(sdp)
          .catch(() => dropViewer(id)),
      onCandidates: (id, candidates) =>
        candidates.forEach((candidate) => peers.get(id)?.addCandidate(candidate)),
      onLeave: (id) => dropViewer(id),
    });
    // Cleanups run last-in first-out: tell helpers it ended (the status record makes the link dead
    // for good), then close the peers, which also tells them over the data channel.
    cleanups.push(
      () => Promise.all([...peers.keys()].map((id) => peers.get(id)?.close('end'))),
      async () => {
        signaling.close();
        requestTimers.forEach((timer) => clearTimeout(timer));
        await Promise.race([signaling.end(), new Promise((resolve) => setTimeout(resolve, 500))]);
      },
    );
    await signaling.announceLive({
      sharerName: settings.sharerName,
      iceServers: settings.iceServers,
      iceTransportPolicy: settings.iceTransportPolicy,
    });

    session = {
      admit,
      deny(id) {
        if (!peers.has(id) || isAdmitted(id)) return;
        void signaling.deny(id, 'denied');
        dropViewer(id, 'denied');
      },
      remove(id) {
        if (!peers.has(id)) return;
        void signaling.deny(id, 'removed');
        dropViewer(id, 'removed');
      },
      setPaused(value) {
        paused = value;
        for (const [id, peer] of peers) if (isAdmitted(id)) peer.setPaused(value);
        toOverlays({ type: 'status', paused: value });
        dispatch({ type: 'paused', paused: value });
      },
      setAnnotations(visible) {
        toOverlays({ type: 'annotations', visible });
        dispatch({ type: 'annotations', visible });
      },
      clearAnnotations: () => toOverlays({ type: 'clear-annotations' }),
      stats: () => ({
        droppedSignaling: Object.values(channel.dropped).reduce((sum, n) => sum + (n ?? 0), 0),
        peers: peers.size,
      }),
    };
    // Chrome's own "Stop sharing" bar, or the shared tab closing, ends the track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => void stop('capture-ended'));
    if (!overlay) for (const port of overlays) port.disconnect();
    dispatch({ type: 'ready', link: formatLink(settings.helperUrl, link), overlay });
  }

  let abort = new AbortController();
  async function stop(reason: EndReason) {
    if (!isSharing(state)) return;
    abort.abort();
    session = null;
    const done = teardown;
    teardown = null;
    for (const port of overlays) port.disconnect();
    overlays.clear();
    await done?.();
    dispatch({ type: 'stopped', reason });
  }

  return {
    getState: () => state,
    stats: (): SessionStats => ({
      ...counts,
      ...(session?.stats() ?? { droppedSignaling: 0, peers: 0 }),
    }),
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
    admit: (id: string) => session?.admit(id),
    deny: (id: string) => session?.deny(id),
    remove: (id: string) => session?.remove(id),
    setPaused: (paused: boolean) => session?.setPaused(paused),
    setAnnotations: (visible: boolean) => session?.setAnnotations(visible),
    clearAnnotations: () => session?.clearAnnotations(),
    /** The overlay content script of the shared tab connects here; anything else is refused. */
    attachOverlay(port: Runtime.Port) {
      if (port.name !== OVERLAY_PORT) return;
      const wanted = state.phase === 'starting' || (state.phase === 'live' && state.overlay);
      if (port.sender?.tab?.id !== sharedTabId || !wanted) return port.disconnect();
      overlays.add(port);
      port.onDisconnect.addListener(() => overlays.delete(port));
      if (frame) port.postMessage(frame);
      if (state.phase === 'live')
        port.postMessage({ type: 'status', paused: state.paused } satisfies OverlayMessage);
      if (state.phase === 'live')
        port.postMessage({ type: 'annotations', visible: state.annotations } satisfies OverlayMessage);
    },
  };
}

function describeError(error: unknown, brokerUrl: string): string {
  if ((error as Error)?.name === 'BrokerUnreachableError') {
    return `Cannot reach the Lookover server (${brokerUrl}). Is it running? You can change it in Lookover's options.`;
  }
  return (error as Error)?.message ?? String(error);
}
