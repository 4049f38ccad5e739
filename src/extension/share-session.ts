import { t } from '../i18n/t.ts';
import { importSessionKey } from '../core/crypto/session-key.ts';
import { parseInkMessage } from '../core/protocol/ink.ts';
import { createSessionLink, formatLink } from '../core/protocol/link.ts';
import { parsePointerMessage } from '../core/protocol/pointer.ts';
import type { CandidateInit, DenyReason, IceServerConfig } from '../core/protocol/signal.ts';
import { createSharerKeys } from '../core/crypto/party-keys.ts';
import {
  admit,
  decideJoin,
  forgetExpired,
  presentTicket,
  ticketWaitOver,
  type TicketVerdict,
  DEFAULT_RULES,
  isAdmitted,
  lapsed,
  NO_ONE,
  release,
  seatOf,
  type Admission,
  type AdmissionRules,
} from '../core/session/admission.ts';
import type { Settings } from '../core/session/settings.ts';
import {
  IDLE,
  isSharing,
  nextSharerState,
  type EndReason,
  type SharerEvent,
  type SharerState,
} from '../core/session/sharer-state.ts';
import { createSecureChannel } from '../core/signaling/secure-channel.ts';
import { startSharerSignaling } from '../core/signaling/sharer-signaling.ts';
import type { Transport } from '../core/signaling/transport.ts';
import { randomId } from '../core/util/bytes.ts';
import type { FailureLog } from '../core/util/failures.ts';
import type { PeerToHelper, PeerToHelperEvents } from './peer-to-helper.ts';
import type { OverlayMessage, SessionStats, ToOffscreen } from './messages.ts';
import { createOverlayFanout, type OverlayPort } from './overlay-fanout.ts';
import { keepSpare } from './spare.ts';
import { createIdleEnd } from '../core/session/idle-end.ts';

export type StartCommand = Extract<ToOffscreen, { type: 'start' }>;

/** What capture gave: the stream for the peer peers, and what the session needs to know of it. */
export interface Captured {
  stream: MediaStream;
  width: number;
  height: number;
  /** Pointers land on the shared tab; a whole window or screen has no tab to draw them on. */
  drawsOnTab: boolean;
  /** Chrome's own "Stop sharing" bar, or the shared tab closing, ends the capture. */
  onEnded(listener: () => void): void;
  /** Whether the sharer still hears the sound they share (see capture.ts). */
  soundPlayback(): AudioContextState | null;
  stop(): void;
}

export interface ShareDeps {
  broadcast(state: SharerState): void;
  capture(command: StartCommand): Promise<Captured>;
  /** A broker connection for one session (`sessionId`), as `connectMqtt` opens one. */
  connect(brokerUrl: string, sessionId: string): Promise<Transport>;
  createPeer(stream: MediaStream, settings: Settings & { key: Uint8Array<ArrayBuffer> }): PeerToHelper;
  failures: FailureLog;
  /**
   * The STUN/TURN servers the Lookover server hands out, for a share whose settings name none
   * (an empty list when it has none, or cannot say).
   */
  serverIce?: (helperUrl: string) => Promise<IceServerConfig[]>;
  /** The admission rules' clock. */
  now?: () => number;
  rules?: Partial<typeof DEFAULT_RULES>;
  /** Overrides the settings' minutes before a share nobody watches ends (tests wait less). */
  endIdleAfterMs?: number;
}

/** What one running share exposes to the commands that arrive while it is live. */
interface Live {
  admit(id: string): void;
  deny(id: string): void;
  remove(id: string): void;
  setPaused(paused: boolean): void;
  setAnnotations(visible: boolean): void;
  /** The sharer wants to keep sharing though no one watches: the countdown starts over. */
  keepSharing(): void;
  stats(): Pick<SessionStats, 'droppedSignaling' | 'peers' | 'soundPlayback'>;
}

/**
 * The sharing session, owned by the offscreen document: capture, broker connection, one peer link
 * per helper, and the overlay of the shared tab. Everything it does shows up as a state broadcast;
 * who may watch is decided by the admission reducer, whether someone sees the picture by
 * `shows(id)`, and nowhere else.
 */
export function createShareController(deps: ShareDeps) {
  const now = deps.now ?? Date.now;
  let state: SharerState = IDLE;
  let sharedTabId: number | null = null;
  let teardown: (() => Promise<void>) | null = null;
  let live: Live | null = null;
  // Only once the share is ready and until it stops (`live`): before, and while it tears down, a
  // newly connected overlay is told nothing but the frame.
  const overlay = createOverlayFanout((): OverlayMessage[] =>
    live && state.phase === 'live'
      ? [
          { type: 'status', paused: state.paused },
          { type: 'annotations', visible: state.annotations },
        ]
      : [],
  );
  const counts = { droppedPointer: 0, droppedControl: 0, droppedInk: 0, forgedSignaling: 0 };

  const dispatch = (event: SharerEvent) => {
    const next = nextSharerState(state, event);
    if (next === state) return;
    state = next;
    deps.broadcast(state);
  };
  const paused = () => state.phase === 'live' && state.paused;

  async function run(command: StartCommand, stopped: AbortSignal) {
    const captured = await deps.capture(command);
    const cleanups: (() => unknown)[] = [() => captured.stop()];
    teardown = async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    };
    stopped.throwIfAborted();
    overlay.setFrame(captured.width, captured.height);
    const settings: Settings = {
      ...command.settings,
      // Servers set in Settings win: they are for another broker, or a test of a relay.
      iceServers:
        command.settings.iceServers.length > 0
          ? command.settings.iceServers
          : ((await deps.serverIce?.(command.settings.helperUrl)) ?? []),
    };
    stopped.throwIfAborted();
    const customIce = settings.iceServers.length > 0 || settings.iceTransportPolicy !== 'all';
    const keys = await createSharerKeys();
    // Made before connecting: the connection is for this session (a broker may confine it there).
    const session = createSessionLink(settings.brokerUrl, keys.commitment, customIce);
    const transport = await deps.connect(settings.brokerUrl, session.sessionId);
    cleanups.push(() => transport.close());
    stopped.throwIfAborted();

    const channel = createSecureChannel({
      transport,
      key: await importSessionKey(session.key),
      selfId: randomId(),
    });
    const rules: AdmissionRules = { ...DEFAULT_RULES, ...deps.rules, maxHelpers: settings.maxHelpers };
    let admission: Admission = NO_ONE;
    /** Each helper with a seat: its peer, and whether the popup has been told of it yet. */
    const helpers = new Map<
      string,
      { peer: PeerToHelper; name: string; answered: boolean; shown: boolean }
    >();
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const spare = keepSpare(() => deps.createPeer(captured.stream, { ...settings, key: session.key }));
    cleanups.push(() => spare.close());
    const peerOf = (id: string) => helpers.get(id)?.peer;
    const idle = createIdleEnd(
      deps.endIdleAfterMs ?? settings.endIdleAfterMinutes * 60_000,
      {
        set: (then, ms) => setTimeout(then, ms),
        clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
        now,
      },
      {
        warn: (endsAt) => dispatch({ type: 'idle-warning', endsAt }),
        end: () => void stop('idle'),
      },
    );
    cleanups.push(() => idle.close());

    /** The one rule for who sees the picture and whose pointer counts. */
    const shows = (id: string) => isAdmitted(admission, id) && !paused();
    // Where privacy depends on hiding the picture, a failure to hide it closes that helper's peer.
    const applyVideo = (id: string) => {
      const show = shows(id);
      peerOf(id)
        ?.setVideo(show)
        .catch((error: unknown) => {
          deps.failures.report(show ? 'show-video' : 'hide-video', error);
          if (!show) drop(id, 'removed');
        });
    };
    const setTimer = (id: string, ms: number, then: () => void) => {
      clearTimeout(timers.get(id));
      timers.set(id, setTimeout(then, ms));
    };

    const drop = (id: string, reason?: DenyReason | 'end') => {
      clearTimeout(timers.get(id));
      timers.delete(id);
      const helper = helpers.get(id);
      helpers.delete(id);
      void helper?.peer.close(reason);
      signaling.forget(id);
      if (helpers.size === 0) idle.quiet();
      // Removed means removed: no coming back on the ticket after a reload.
      admission = release(admission, id, now(), reason === 'removed');
      dispatch({ type: 'helper-left', id });
      overlay.forget(id);
    };
    const refuse = (id: string, reason: DenyReason) => {
      void signaling.deny(id, reason);
      drop(id, reason);
    };
    /**
     * The popup hears of a helper once its answer is on its way (the popup renders in this same
     * extension process, on the same main thread, and would hold the answer up:
     * docs/decisions/0012-answer-before-the-popup.md), and not while it waits on a ticket.
     */
    const showIfReady = (id: string) => {
      const helper = helpers.get(id);
      const seat = seatOf(admission, id);
      if (!helper || !seat || helper.shown || !helper.answered || seat.awaitingTicket) return;
      helper.shown = true;
      dispatch({ type: 'helper-joined', id, name: helper.name, admitted: false });
      if (seat.admitted) letIn(id);
    };
    const letIn = (id: string) => {
      clearTimeout(timers.get(id));
      timers.delete(id);
      applyVideo(id);
      if (paused()) peerOf(id)?.tellPaused(true);
      void signaling.admit(id);
      dispatch({ type: 'helper-admitted', id });
    };
    const expire = (id: string) => {
      if (lapsed(admission, rules, now()).includes(id)) refuse(id, 'timeout');
    };
    /** A ticket came, or the wait for one ended: in, a new request, or full. */
    const settleTicket = (id: string, decided: { admission: Admission; verdict: TicketVerdict } | null) => {
      if (!decided) return void counts.droppedControl++;
      const { verdict } = decided;
      if (verdict.type === 'full') return refuse(id, 'full');
      if (verdict.type === 'let-in' && verdict.replaces !== null) drop(verdict.replaces);
      admission = decided.admission;
      clearTimeout(timers.get(id));
      if (verdict.type === 'ask') setTimer(id, rules.requestTimeoutMs, () => expire(id));
      showIfReady(id);
    };

    const signaling = startSharerSignaling(
      channel,
      session.sessionId,
      keys,
      {
        onJoin(id, name, returning, offer) {
          admission = forgetExpired(admission, rules, now());
          const decided = decideJoin(admission, { id, returning }, rules, now());
          const { verdict } = decided;
          if (verdict.type === 'repeat') return peerOf(id)?.resendAnswer();
          if (verdict.type === 'full') {
            void signaling.deny(id, 'full').then(() => signaling.forget(id));
            return;
          }
          admission = decided.admission;
          const peer = spare.take();
          helpers.set(id, { peer, name, answered: false, shown: false });
          idle.busy();
          if (verdict.type === 'ask') setTimer(id, rules.requestTimeoutMs, () => expire(id));
          else
            setTimer(id, rules.ticketWaitMs, () =>
              settleTicket(id, ticketWaitOver(admission, id, rules, now())),
            );
          peer.start(offer, peerEvents(id, name, peer));
        },
        onAnswer: (id, sdp) =>
          void peerOf(id)
            ?.acceptAnswer(sdp)
            .catch(() => drop(id)),
        onCandidates: (id, candidates: CandidateInit[]) =>
          candidates.forEach((candidate) => peerOf(id)?.addCandidate(candidate)),
        onLeave: (id) => drop(id),
      },
      () => void counts.forgedSignaling++,
    );

    const peerEvents = (id: string, name: string, peer: PeerToHelper): PeerToHelperEvents => ({
      sendAnswer(sdp) {
        void signaling.sendAnswer(id, sdp);
        const helper = helpers.get(id);
        if (helper?.peer !== peer) return;
        helper.answered = true;
        showIfReady(id);
      },
      sendOffer: (sdp) => void signaling.sendOffer(id, sdp),
      sendCandidates: (candidates) => void signaling.sendCandidates(id, candidates),
      onCode: (code) => dispatch({ type: 'helper-code', id, code }),
      onConnection: (connection) =>
        connection === 'failed' || connection === 'closed'
          ? peerOf(id) === peer && drop(id)
          : dispatch({ type: 'helper-connection', id, connection }),
      onRoute: (route) => dispatch({ type: 'helper-route', id, route }),
      onQuality: (quality) => dispatch({ type: 'helper-quality', id, quality }),
      onProblem: (problem) => dispatch({ type: 'helper-problem', id, problem }),
      onRejoin(ticket) {
        if (peerOf(id) !== peer) return;
        const fresh = randomId();
        const decided = presentTicket(admission, id, ticket, fresh, rules, now());
        settleTicket(id, decided);
        if (decided?.verdict.type === 'let-in') peer.sendTicket(fresh);
      },
      onPointerData(data) {
        if (!shows(id)) return;
        const message = parsePointerMessage(data);
        if (!message) return void counts.droppedPointer++;
        overlay.pointer(id, name, message);
      },
      onInkData(data) {
        if (!shows(id)) return;
        const message = parseInkMessage(data);
        if (!message) return void counts.droppedInk++;
        if (peerOf(id) === peer) overlay.ink(id, peer, message);
      },
      onDroppedControl: () => void counts.droppedControl++,
    });

    // Cleanups run last-in first-out: tell helpers it ended (the status record makes the link dead
    // for good), then close the peers, which also tells them over the data channel.
    cleanups.push(
      () => Promise.all([...helpers.values()].map(({ peer }) => peer.close('end'))),
      async () => {
        signaling.close();
        timers.forEach((timer) => clearTimeout(timer));
        await Promise.race([signaling.end(), new Promise((resolve) => setTimeout(resolve, 500))]);
      },
    );
    await signaling.announceLive({
      sharerName: settings.sharerName,
      iceServers: settings.iceServers,
      iceTransportPolicy: settings.iceTransportPolicy,
    });
    stopped.throwIfAborted();

    live = {
      admit(id) {
        const ticket = randomId();
        const next = admit(admission, id, ticket);
        if (!next || !helpers.has(id)) return;
        admission = next;
        letIn(id);
        peerOf(id)?.sendTicket(ticket);
      },
      deny(id) {
        if (helpers.has(id) && !isAdmitted(admission, id)) refuse(id, 'denied');
      },
      remove(id) {
        if (helpers.has(id)) refuse(id, 'removed');
      },
      setPaused(value) {
        dispatch({ type: 'paused', paused: value });
        for (const [id, { peer }] of helpers) {
          if (!isAdmitted(admission, id)) continue;
          applyVideo(id);
          peer.tellPaused(value);
        }
        overlay.post({ type: 'status', paused: value });
      },
      setAnnotations(visible) {
        dispatch({ type: 'annotations', visible });
        overlay.post({ type: 'annotations', visible });
      },
      keepSharing() {
        if (helpers.size === 0) idle.quiet();
      },
      stats: () => ({
        droppedSignaling: Object.values(channel.dropped).reduce((sum, n) => sum + (n ?? 0), 0),
        peers: helpers.size,
        soundPlayback: captured.soundPlayback(),
      }),
    };
    captured.onEnded(() => void stop('capture-ended'));
    if (!captured.drawsOnTab) overlay.disconnectAll();
    dispatch({
      type: 'ready',
      link: formatLink(settings.helperUrl, session),
      overlay: captured.drawsOnTab,
      since: now(),
    });
    idle.quiet();
  }

  let abort = new AbortController();
  async function stop(reason: EndReason) {
    if (!isSharing(state)) return;
    abort.abort();
    live = null;
    const done = teardown;
    teardown = null;
    overlay.disconnectAll();
    await done?.();
    dispatch({ type: 'stopped', reason });
  }

  return {
    getState: () => state,
    stats: (): SessionStats => ({
      ...counts,
      ...overlay.counts,
      ...(live?.stats() ?? { droppedSignaling: 0, peers: 0, soundPlayback: null }),
      failures: deps.failures.counts(),
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
    admit: (id: string) => live?.admit(id),
    deny: (id: string) => live?.deny(id),
    remove: (id: string) => live?.remove(id),
    setPaused: (paused: boolean) => live?.setPaused(paused),
    setAnnotations: (visible: boolean) => live?.setAnnotations(visible),
    keepSharing: () => live?.keepSharing(),
    clearAnnotations: () => live && overlay.post({ type: 'clear-annotations' }),
    /** The overlay content script of the shared tab connects here; anything else is refused. */
    attachOverlay(port: OverlayPort) {
      const wanted = state.phase === 'starting' || (state.phase === 'live' && state.overlay);
      overlay.attach(port, port.sender?.tab?.id === sharedTabId && wanted);
    },
  };
}
export type ShareController = ReturnType<typeof createShareController>;

function describeError(error: unknown, brokerUrl: string): string {
  if ((error as Error)?.name === 'BrokerUnreachableError') {
    return t('share.brokerUnreachable', { url: brokerUrl });
  }
  return (error as Error)?.message ?? String(error);
}
