import type { ConnectProblem } from '../rtc/connect-problem.ts';
import { sameQuality, type Quality } from '../rtc/quality.ts';
import type { Route } from '../rtc/route.ts';

export type ShareMode = 'tab' | 'display';
export type HelperConnection = 'connecting' | 'connected' | 'reconnecting';
export interface Helper {
  id: string;
  name: string;
  /** Shown on both sides; null until both DTLS fingerprints are known. */
  code: string | null;
  /** Only admitted helpers receive the picture and may point (see session/admission.ts). */
  admitted: boolean;
  connection: HelperConnection;
  route: Route | null;
  /** Why the connection has not come, once it is late (see rtc/connect-problem). */
  problem: ConnectProblem | null;
  /** How well the picture reaches them, from this side's stats (see rtc/quality); null until read. */
  quality: Quality | null;
}

/**
 * The sharing session as the popup and badge see it. The offscreen document owns the only live copy
 * and broadcasts it on every change; this reducer is the one place it changes.
 */
export type SharerState =
  | { phase: 'idle' }
  | { phase: 'starting'; mode: ShareMode }
  | {
      phase: 'live';
      mode: ShareMode;
      link: string;
      helpers: Helper[];
      overlay: boolean;
      paused: boolean;
      /** Whether helpers' annotations show on the shared tab (the sharer can hide them). */
      annotations: boolean;
      /** When it went live (epoch ms), for "shared for 12 min". */
      since: number;
      /** When it ends itself because no one is watching (see idle-end), once it has warned. */
      endsAt: number | null;
    }
  | { phase: 'ended'; reason: EndReason }
  | { phase: 'error'; message: string };

export type EndReason = 'stopped' | 'capture-ended' | 'tab-closed' | 'idle';

export type SharerEvent =
  | { type: 'start'; mode: ShareMode }
  | { type: 'ready'; link: string; overlay: boolean; since: number }
  | { type: 'idle-warning'; endsAt: number | null }
  | { type: 'failed'; message: string }
  | { type: 'helper-joined'; id: string; name: string; admitted: boolean }
  | { type: 'helper-code'; id: string; code: string }
  | { type: 'helper-admitted'; id: string }
  | { type: 'helper-connection'; id: string; connection: HelperConnection }
  | { type: 'helper-route'; id: string; route: Route }
  | { type: 'helper-problem'; id: string; problem: ConnectProblem | null }
  | { type: 'helper-quality'; id: string; quality: Quality }
  | { type: 'helper-left'; id: string }
  | { type: 'paused'; paused: boolean }
  | { type: 'annotations'; visible: boolean }
  | { type: 'stopped'; reason: EndReason };

export const IDLE: SharerState = { phase: 'idle' };

export function nextSharerState(state: SharerState, event: SharerEvent): SharerState {
  switch (event.type) {
    case 'start':
      return isSharing(state) ? state : { phase: 'starting', mode: event.mode };
    case 'ready':
      return state.phase === 'starting'
        ? {
            phase: 'live',
            mode: state.mode,
            link: event.link,
            helpers: [],
            overlay: event.overlay,
            paused: false,
            annotations: true,
            since: event.since,
            endsAt: null,
          }
        : state;
    case 'failed':
      return isSharing(state) ? { phase: 'error', message: event.message } : state;
    case 'stopped':
      return isSharing(state) ? { phase: 'ended', reason: event.reason } : state;
  }
  if (state.phase !== 'live') return state;
  if (event.type === 'paused') return { ...state, paused: event.paused };
  if (event.type === 'annotations') return { ...state, annotations: event.visible };
  if (event.type === 'idle-warning') return { ...state, endsAt: event.endsAt };
  const { id } = event;
  const update = (patch: Partial<Helper>): SharerState => ({
    ...state,
    helpers: state.helpers.map((helper) => (helper.id === id ? { ...helper, ...patch } : helper)),
  });
  switch (event.type) {
    case 'helper-joined': {
      if (state.helpers.some((helper) => helper.id === event.id)) return state;
      const helper: Helper = {
        id: event.id,
        name: event.name,
        code: null,
        admitted: event.admitted,
        connection: 'connecting',
        route: null,
        problem: null,
        quality: null,
      };
      return { ...state, helpers: [...state.helpers, helper] };
    }
    case 'helper-code':
      return update({ code: event.code });
    case 'helper-admitted':
      return update({ admitted: true });
    case 'helper-connection':
      return update({ connection: event.connection });
    case 'helper-route':
      return update({ route: event.route });
    case 'helper-problem':
      return update({ problem: event.problem });
    case 'helper-quality': {
      // Unchanged is the same state: no broadcast, no popup render.
      const helper = state.helpers.find((h) => h.id === id);
      return !helper || sameQuality(helper.quality, event.quality)
        ? state
        : update({ quality: event.quality });
    }
    case 'helper-left':
      return { ...state, helpers: state.helpers.filter((helper) => helper.id !== event.id) };
  }
}

export const isSharing = (state: SharerState) => state.phase === 'starting' || state.phase === 'live';
export const watching = (state: SharerState) =>
  state.phase === 'live' ? state.helpers.filter((helper) => helper.admitted) : [];
export const waiting = (state: SharerState) =>
  state.phase === 'live' ? state.helpers.filter((helper) => !helper.admitted) : [];
