import { describe, expect, it } from 'vitest';
import { createInkController, DEFAULT_INK, SELF, type InkController } from './ink-controller.ts';
import type { InkMessage } from '../core/protocol/ink.ts';

const kept = { ...DEFAULT_INK, keep: true };
const stroke = (controller: InkController) => {
  controller.begin('pen', kept, 0.1, 0.1);
  controller.move(0.2, 0.2);
  controller.end();
};

describe('ink controller', () => {
  it.each<[string, (controller: InkController) => void, { canUndo: boolean; canRedo: boolean }]>([
    ['nothing drawn', () => undefined, { canUndo: false, canRedo: false }],
    ['while drawing', (c) => c.begin('pen', kept, 0.1, 0.1), { canUndo: false, canRedo: false }],
    ['a stroke', stroke, { canUndo: true, canRedo: false }],
    ['a label', (c) => c.text(kept, 0.5, 0.5, 'Here'), { canUndo: true, canRedo: false }],
    ['a stroke undone', (c) => (stroke(c), c.undo()), { canUndo: false, canRedo: true }],
    ['undone, then redone', (c) => (stroke(c), c.undo(), c.redo()), { canUndo: true, canRedo: false }],
    [
      'a stroke erased',
      (c) => (stroke(c), c.erase(c.model.visible()[0]!.stroke.id)),
      { canUndo: false, canRedo: true },
    ],
    ['cleared', (c) => (stroke(c), c.undo(), c.clear()), { canUndo: false, canRedo: false }],
  ])('%s: a listener hears it and reads the state after', (_name, act, expected) => {
    const controller = createInkController(() => undefined);
    const heard: { canUndo: boolean; canRedo: boolean }[] = [];
    controller.subscribe(() => heard.push(controller.snapshot()));
    act(controller);
    expect(controller.snapshot()).toEqual(expected);
    expect(heard.at(-1) ?? { canUndo: false, canRedo: false }).toEqual(expected);
  });

  it('the snapshot is the same object until what it says changes', () => {
    const controller = createInkController(() => undefined);
    const before = controller.snapshot();
    controller.begin('rect', kept, 0.1, 0.1);
    controller.move(0.3, 0.3);
    controller.flush();
    expect(controller.snapshot()).toBe(before);
    controller.end();
    const after = controller.snapshot();
    expect(after).not.toBe(before);
    expect(controller.snapshot()).toBe(after);
  });

  it('an unsubscribed listener hears nothing more', () => {
    const controller = createInkController(() => undefined);
    let calls = 0;
    const unsubscribe = controller.subscribe(() => calls++);
    stroke(controller);
    const heard = calls;
    unsubscribe();
    stroke(controller);
    expect(heard).toBeGreaterThan(0);
    expect(calls).toBe(heard);
  });

  it('sends what it shows: a shape keeps its first and latest corner', () => {
    const sent: InkMessage[] = [];
    const controller = createInkController((message) => sent.push(message));
    controller.begin('ellipse', kept, 0.1, 0.1);
    controller.move(0.2, 0.2);
    controller.move(0.4, 0.3);
    controller.end();
    expect(sent.map((message) => message.t)).toEqual(['begin', 'add', 'end']);
    expect(controller.model.get(SELF, controller.model.visible()[0]!.stroke.id)?.points).toEqual([
      0.1, 0.1, 0.4, 0.3,
    ]);
  });
});
