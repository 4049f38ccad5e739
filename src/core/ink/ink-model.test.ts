import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHistory } from './history.ts';
import { createInkModel, FADE_MS, VANISH_MS } from './ink-model.ts';
import type { InkMessage } from '../protocol/ink.ts';

const begin = (id: string, pinned = false): InkMessage => ({
  v: 1,
  t: 'begin',
  id,
  tool: 'pen',
  color: '#34c759',
  width: 2,
  pinned,
  pts: [0.1, 0.1],
});
const end = (id: string): InkMessage => ({ v: 1, t: 'end', id });
const keys = (model: ReturnType<typeof createInkModel>) => model.visible().map(({ stroke }) => stroke.key);

describe('ink model', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('vanishing ink: a finished stroke fades and vanishes; a pinned one stays', () => {
    const model = createInkModel();
    for (const message of [begin('a'), begin('b', true), end('a'), end('b')]) model.apply('ana', message);
    expect(keys(model)).toEqual(['ana/a', 'ana/b']);
    vi.advanceTimersByTime(VANISH_MS - FADE_MS / 2);
    expect(model.visible()[0]!.opacity).toBeCloseTo(0.5);
    vi.advanceTimersByTime(FADE_MS);
    expect(keys(model)).toEqual(['ana/b']);
    expect(model.animating()).toBe(false);
  });

  it('a stroke being drawn never vanishes', () => {
    const model = createInkModel();
    model.apply('ana', begin('a'));
    vi.advanceTimersByTime(60_000);
    expect(keys(model)).toEqual(['ana/a']);
  });

  it.each<[string, InkMessage[], string[]]>([
    [
      'erase removes a whole stroke',
      [begin('a', true), begin('b', true), { v: 1, t: 'remove', id: 'a' }],
      ['ana/b'],
    ],
    ['clear removes only this helper’s strokes', [begin('a', true), { v: 1, t: 'clear' }], ['bob/x']],
  ])('%s', (_name, messages, expected) => {
    const model = createInkModel();
    model.apply('bob', begin('x', true));
    for (const message of messages) model.apply('ana', message);
    expect(keys(model).sort()).toEqual(
      [...expected, ...(expected.includes('bob/x') ? [] : ['bob/x'])].sort(),
    );
  });

  const add = (id: string, pts: number[]): InkMessage => ({ v: 1, t: 'add', id, pts });
  it.each<[string, InkMessage[], number[]]>([
    [
      'points are added while drawing',
      [begin('a'), add('a', [0.2, 0.3]), add('a', [0.4, 0.5])],
      [0.1, 0.1, 0.2, 0.3, 0.4, 0.5],
    ],
    [
      'points after the end are ignored',
      [begin('a'), add('a', [0.2, 0.3]), end('a'), add('a', [0.9, 0.9])],
      [0.1, 0.1, 0.2, 0.3],
    ],
    ['points for another stroke stay there', [begin('a'), begin('b'), add('b', [0.7, 0.7])], [0.1, 0.1]],
  ])('%s', (_name, messages, expected) => {
    const model = createInkModel();
    for (const message of messages) model.apply('ana', message);
    expect(model.get('ana', 'a')?.points).toEqual(expected);
  });

  it('a helper cannot grow a stroke without bound', () => {
    const model = createInkModel();
    model.apply('ana', begin('a'));
    for (let i = 0; i < 10; i++)
      model.apply('ana', { v: 1, t: 'add', id: 'a', pts: new Array(8000).fill(0.5) });
    expect(model.get('ana', 'a')!.points.length).toBe(4096 * 2);
  });
});

describe('undo and redo', () => {
  const setup = () => {
    const model = createInkModel();
    const history = createHistory((id) => model.get('me', id) !== undefined);
    const draw = (id: string, pinned = true) => {
      const replay = [begin(id, pinned), end(id)];
      replay.forEach((m) => model.apply('me', m));
      history.record(id, replay);
    };
    const run = (message: InkMessage | InkMessage[] | null) =>
      [message ?? []].flat().forEach((m) => model.apply('me', m));
    return { model, history, draw, run };
  };

  it('undo removes the newest, redo puts it back, a new stroke clears redo', () => {
    const { model, history, draw, run } = setup();
    draw('a');
    draw('b');
    run(history.undo());
    expect(keys(model)).toEqual(['me/a']);
    run(history.redo());
    expect(keys(model)).toEqual(['me/a', 'me/b']);
    run(history.undo());
    draw('c');
    expect(history.canRedo()).toBe(false);
    expect(keys(model)).toEqual(['me/a', 'me/c']);
  });

  it('undo skips strokes that already vanished', () => {
    vi.useFakeTimers();
    const { model, history, draw, run } = setup();
    draw('kept', true);
    draw('gone', false);
    vi.advanceTimersByTime(VANISH_MS + 1);
    run(history.undo());
    expect(keys(model)).toEqual([]);
    expect(history.canUndo()).toBe(false);
    vi.useRealTimers();
  });

  it('an erased stroke can be brought back with redo', () => {
    const { model, history, draw, run } = setup();
    draw('a');
    run({ v: 1, t: 'remove', id: 'a' });
    history.erase('a');
    run(history.redo());
    expect(keys(model)).toEqual(['me/a']);
  });
});
