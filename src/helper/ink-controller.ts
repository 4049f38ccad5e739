import { randomId } from '../core/util/bytes.ts';
import { createHistory } from '../core/ink/history.ts';
import { createInkModel } from '../core/ink/ink-model.ts';
import { isFreehand } from '../core/ink/stroke-shape.ts';
import {
  PALETTE,
  DRAW_TOOLS,
  type Color,
  type DrawTool,
  type InkMessage,
  type Width,
} from '../core/protocol/ink.ts';

/** What the helper can pick, in toolbar order: the drawing tools are those the ink schema carries. */
export const HELPER_TOOLS = ['laser', ...DRAW_TOOLS, 'text', 'eraser'] as const;
export type Tool = (typeof HELPER_TOOLS)[number];
export const SELF = 'self';

export interface InkSettings {
  tool: Tool;
  color: Color;
  width: Width;
  /** Off by default: strokes vanish a few seconds after they end, as telestrators do. */
  keep: boolean;
}

const beginMessage = (
  id: string,
  tool: DrawTool,
  style: Omit<InkSettings, 'tool'>,
  pts: number[],
): InkMessage => ({
  v: 1,
  t: 'begin',
  id,
  tool,
  color: style.color,
  width: style.width,
  pinned: style.keep,
  pts,
});

export const DEFAULT_INK: InkSettings = { tool: 'laser', color: PALETTE[2], width: 2, keep: false };

/** What the toolbar shows of the helper's ink. */
export interface InkState {
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * The helper's own ink: what they draw is shown locally at once (the same model and renderer as the
 * sharer's overlay) and sent on the `ink` channel, points batched per frame. Undo/redo cover only
 * their own strokes. Observable: `subscribe` hears of every change, and `snapshot` is the same
 * object for as long as what it says has not changed, as useSyncExternalStore requires.
 */
export function createInkController(send: (message: InkMessage) => void) {
  const model = createInkModel();
  const history = createHistory((id) => model.get(SELF, id) !== undefined);
  const listeners = new Set<() => void>();
  let state: InkState = { canUndo: false, canRedo: false };
  let drawing: {
    id: string;
    tool: DrawTool;
    pending: number[];
    all: number[];
    style: Omit<InkSettings, 'tool'>;
  } | null = null;
  const emit = (message: InkMessage) => {
    model.apply(SELF, message);
    send(message);
  };
  // Said once a change is complete (history included), so a listener reads the state after it.
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const flush = () => {
    if (!drawing || drawing.pending.length === 0) return;
    drawing.all.push(...drawing.pending);
    emit({ v: 1, t: 'add', id: drawing.id, pts: drawing.pending });
    drawing.pending = [];
  };

  return {
    model,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    snapshot(): InkState {
      const canUndo = history.canUndo();
      const canRedo = history.canRedo();
      if (canUndo !== state.canUndo || canRedo !== state.canRedo) state = { canUndo, canRedo };
      return state;
    },
    begin(tool: DrawTool, settings: InkSettings, x: number, y: number) {
      const id = randomId(6);
      const style = { color: settings.color, width: settings.width, keep: settings.keep };
      drawing = { id, tool, pending: [], all: [x, y], style };
      emit(beginMessage(id, tool, style, [x, y]));
      changed();
    },
    /** Queues a point; `flush` (once per animation frame) sends what was queued. */
    move(x: number, y: number) {
      if (!drawing) return;
      // Shapes only need their latest corner; freehand keeps every point.
      if (isFreehand(drawing.tool)) drawing.pending.push(x, y);
      else drawing.pending = [x, y];
    },
    flush() {
      if (!drawing || drawing.pending.length === 0) return;
      flush();
      changed();
    },
    end() {
      if (!drawing) return;
      flush();
      const { id, tool, all, style } = drawing;
      drawing = null;
      emit({ v: 1, t: 'end', id });
      const shape = isFreehand(tool) ? all : [...all.slice(0, 2), ...all.slice(-2)];
      history.record(id, [beginMessage(id, tool, style, shape), { v: 1, t: 'end', id }]);
      changed();
    },
    get isDrawing() {
      return drawing !== null;
    },
    text(settings: InkSettings, x: number, y: number, text: string) {
      const id = randomId(6);
      const message: InkMessage = {
        v: 1,
        t: 'text',
        id,
        at: [x, y],
        text,
        color: settings.color,
        width: settings.width,
        pinned: settings.keep,
      };
      emit(message);
      history.record(id, [message]);
      changed();
    },
    erase(id: string) {
      emit({ v: 1, t: 'remove', id });
      history.erase(id);
      changed();
    },
    undo() {
      const message = history.undo();
      if (message) emit(message);
      changed();
    },
    redo() {
      for (const message of history.redo() ?? []) emit(message);
      changed();
    },
    clear() {
      emit({ v: 1, t: 'clear' });
      history.clear();
      changed();
    },
  };
}
export type InkController = ReturnType<typeof createInkController>;
