import type { InkMessage } from '../protocol/ink.ts';

type Replay = InkMessage[];

/**
 * One helper's undo and redo of their own strokes. Undo removes the newest stroke still on screen;
 * redo draws it again (as a fresh begin..end, so vanishing ink restarts). A new stroke clears redo.
 */
export function createHistory(isOnScreen: (id: string) => boolean) {
  const done: { id: string; replay: Replay }[] = [];
  const undone: { id: string; replay: Replay }[] = [];
  return {
    record(id: string, replay: Replay) {
      done.push({ id, replay });
      undone.length = 0;
    },
    undo(): InkMessage | null {
      while (done.length > 0) {
        const last = done.pop()!;
        if (!isOnScreen(last.id)) continue;
        undone.push(last);
        return { v: 1, t: 'remove', id: last.id };
      }
      return null;
    },
    redo(): Replay | null {
      const next = undone.pop();
      if (!next) return null;
      done.push(next);
      return next.replay;
    },
    erase(id: string) {
      const at = done.findIndex((entry) => entry.id === id);
      if (at !== -1) undone.push(...done.splice(at, 1));
    },
    clear() {
      done.length = 0;
      undone.length = 0;
    },
    canUndo: () => done.some((entry) => isOnScreen(entry.id)),
    canRedo: () => undone.length > 0,
  };
}
