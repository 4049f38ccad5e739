import { useEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { movePointer, type KeyPoint } from '../core/view/keyboard-pointer.ts';
import type { Channels } from './use-join.ts';
import type { StageFrame } from './use-stage-frame.ts';
import { sendPointer } from './use-pointer-stream.ts';

/**
 * Pointing without a mouse: with the picture focused (Tab reaches it), the arrow keys move the
 * helper's pointer (Shift for bigger steps) and Escape hides it. It goes out as the mouse's does,
 * and shows here as a ring where it is.
 */
export function useKeyboardPointer(
  stageRef: RefObject<HTMLElement | null>,
  frame: StageFrame,
  channels: RefObject<Channels>,
): { left: number; top: number } | null {
  const [at, setAt] = useState<KeyPoint>(null);
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    let current: KeyPoint = null;
    const place = (next: KeyPoint) => {
      current = next;
      setAt(next);
      sendPointer(channels, next ? { t: 'pointer', ...next } : { t: 'pointer-leave' });
    };
    const onKey = (event: KeyboardEvent) => {
      // Keys typed into a text label belong to it.
      if (event.target !== stage || event.altKey || event.ctrlKey || event.metaKey) return;
      const next = movePointer(current, event.key, event.shiftKey);
      if (next === undefined || (next === null && current === null)) return;
      event.preventDefault();
      place(next);
    };
    const onBlur = () => current !== null && place(null);
    stage.addEventListener('keydown', onKey);
    stage.addEventListener('blur', onBlur);
    return () => {
      stage.removeEventListener('keydown', onKey);
      stage.removeEventListener('blur', onBlur);
    };
  }, []);
  if (!at) return null;
  const { x, y } = frame.pointerInk().toPx(at.x, at.y);
  return { left: x, top: y };
}
