import { describe, expect, it } from 'vitest';
import { movePointer, type KeyPoint } from './keyboard-pointer.ts';

describe('the pointer moved by keyboard', () => {
  it.each<[string, KeyPoint, string, boolean, KeyPoint | undefined]>([
    ['the first arrow shows it in the middle', null, 'ArrowRight', false, { x: 0.5, y: 0.5 }],
    ['right, a small step', { x: 0.5, y: 0.5 }, 'ArrowRight', false, { x: 0.52, y: 0.5 }],
    ['up with Shift, a tenth', { x: 0.5, y: 0.5 }, 'ArrowUp', true, { x: 0.5, y: 0.4 }],
    ['down', { x: 0.5, y: 0.5 }, 'ArrowDown', false, { x: 0.5, y: 0.52 }],
    ['left stops at the edge', { x: 0.01, y: 0.5 }, 'ArrowLeft', false, { x: 0, y: 0.5 }],
    ['down stops at the edge', { x: 0.5, y: 0.95 }, 'ArrowDown', true, { x: 0.5, y: 1 }],
    ['Escape hides it', { x: 0.5, y: 0.5 }, 'Escape', false, null],
    ['another key is not the pointer’s', { x: 0.5, y: 0.5 }, 'a', false, undefined],
  ])('%s', (_, at, key, fast, next) => expect(movePointer(at, key, fast)).toEqual(next));
});
