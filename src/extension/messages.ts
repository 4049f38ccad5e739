import type { ShareMode, SharerState } from '../core/session/sharer-state.ts';
import type { InkMessage } from '../core/protocol/ink.ts';
import type { Size } from '../core/view/geometry.ts';
import type { Settings } from '../core/session/settings.ts';

/**
 * Messages between extension contexts. `runtime.sendMessage` reaches every context, so each one
 * names who it is for and every listener ignores what is not addressed to it.
 */
export type ToBackground =
  /** `sound`: share the tab's sound too (the sharer keeps hearing it). */
  | { to: 'background'; type: 'start-share'; mode: ShareMode; tabId: number; sound: boolean }
  | { to: 'background'; type: 'stop-share' };

export type ToOffscreen =
  | {
      to: 'offscreen';
      type: 'start';
      mode: ShareMode;
      tabId: number;
      streamId: string | null;
      /** The tab's viewport in device pixels, when it could be measured. */
      viewport: Size | null;
      settings: Settings;
      sound: boolean;
    }
  | { to: 'offscreen'; type: 'stop'; reason: 'stopped' | 'tab-closed' }
  | { to: 'offscreen'; type: 'get-state' }
  /** Diagnostics: what was dropped as invalid (tests and troubleshooting read it). */
  | { to: 'offscreen'; type: 'get-stats' }
  | { to: 'offscreen'; type: 'admit' | 'deny' | 'remove'; id: string }
  | { to: 'offscreen'; type: 'pause'; paused: boolean }
  | { to: 'offscreen'; type: 'annotations'; visible: boolean }
  | { to: 'offscreen'; type: 'clear-annotations' }
  /** No one watches and the share is about to end itself: the sharer keeps it going. */
  | { to: 'offscreen'; type: 'keep-sharing' };

export interface SessionStats {
  droppedPointer: number;
  droppedControl: number;
  /** Annotation messages that failed the schema, and those over a helper's rate limit. */
  droppedInk: number;
  limitedInk: number;
  /** Messages passed on to the shared tab's overlay (pointers coalesced to one per frame). */
  toOverlay: number;
  droppedSignaling: number;
  /** Signaling that opened but was not what its sender claimed (a join for another key, a message outside its pair). */
  forgedSignaling: number;
  peers: number;
  /**
   * The shared tab's sound as the sharer hears it: played back (`running`) while it is shared from
   * a tab, `null` when no sound is shared or the browser plays it itself (a picked window or tab).
   */
  soundPlayback: AudioContextState | null;
  /** Internal failures by kind (see core/util/failures.ts). */
  failures: Record<string, number>;
}

/** Broadcast by the offscreen document on every change: the popup renders it, the background badges it. */
export type StateBroadcast = { to: 'all'; type: 'state'; state: SharerState };

export type CommandResult = { ok: true } | { ok: false; error: string };

/** Offscreen document -> overlay content script, over the `overlay` port. */
export type OverlayMessage =
  | { type: 'frame'; width: number; height: number }
  | { type: 'status'; paused: boolean }
  | { type: 'ink'; helperId: string; message: InkMessage }
  | { type: 'annotations'; visible: boolean }
  | { type: 'clear-annotations' }
  | { type: 'pointer'; helperId: string; name: string; x: number; y: number }
  | { type: 'pointer-leave'; helperId: string };

export const OVERLAY_PORT = 'lookover-overlay';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
export const isFor = <T extends { to: string }>(to: T['to'], message: unknown): message is T =>
  isObject(message) && message.to === to;
