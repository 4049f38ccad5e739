/**
 * The sharing session as the popup and badge see it. The offscreen document owns the only live copy
 * and broadcasts it on every change; this reducer is the one place it changes.
 */
export type ShareMode = 'tab' | 'display';
export type ViewerConnection = 'connecting' | 'connected' | 'reconnecting';
export interface Viewer {
  id: string;
  name: string;
  connection: ViewerConnection;
}

export type SharerState =
  | { phase: 'idle' }
  | { phase: 'starting'; mode: ShareMode }
  | { phase: 'live'; mode: ShareMode; link: string; viewers: Viewer[]; overlay: boolean }
  | { phase: 'ended'; reason: EndReason }
  | { phase: 'error'; message: string };

export type EndReason = 'stopped' | 'capture-ended' | 'tab-closed';

export type SharerEvent =
  | { type: 'start'; mode: ShareMode }
  | { type: 'ready'; link: string; overlay: boolean }
  | { type: 'failed'; message: string }
  | { type: 'viewer-joined'; id: string; name: string }
  | { type: 'viewer-connection'; id: string; connection: ViewerConnection }
  | { type: 'viewer-left'; id: string }
  | { type: 'stopped'; reason: EndReason };

export const IDLE: SharerState = { phase: 'idle' };

export function nextSharerState(state: SharerState, event: SharerEvent): SharerState {
  switch (event.type) {
    case 'start':
      return state.phase === 'starting' || state.phase === 'live'
        ? state
        : { phase: 'starting', mode: event.mode };
    case 'ready':
      return state.phase === 'starting'
        ? { phase: 'live', mode: state.mode, link: event.link, viewers: [], overlay: event.overlay }
        : state;
    case 'failed':
      return state.phase === 'starting' || state.phase === 'live'
        ? { phase: 'error', message: event.message }
        : state;
    case 'stopped':
      return state.phase === 'starting' || state.phase === 'live'
        ? { phase: 'ended', reason: event.reason }
        : state;
  }
  if (state.phase !== 'live') return state;
  const others = state.viewers.filter((viewer) => viewer.id !== event.id);
  switch (event.type) {
    case 'viewer-joined':
      return { ...state, viewers: [...others, { id: event.id, name: event.name, connection: 'connecting' }] };
    case 'viewer-connection':
      return {
        ...state,
        viewers: state.viewers.map((viewer) =>
          viewer.id === event.id ? { ...viewer, connection: event.connection } : viewer,
        ),
      };
    case 'viewer-left':
      return { ...state, viewers: others };
  }
}

export const isSharing = (state: SharerState) => state.phase === 'starting' || state.phase === 'live';
