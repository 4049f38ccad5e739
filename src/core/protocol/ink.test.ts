import { describe, expect, it } from 'vitest';
import { parseInkMessage } from './ink.ts';

const begin = {
  v: 1,
  t: 'begin',
  id: 's1',
  tool: 'pen',
  color: '#34c759',
  width: 2,
  pinned: false,
  pts: [0.1, 0.2],
};
const text = {
  v: 1,
  t: 'text',
  id: 't1',
  at: [0.5, 0.5],
  text: 'Click here',
  color: '#ffcc00',
  width: 1,
  pinned: true,
};
const json = (value: unknown) => JSON.stringify(value);

describe('annotation schema v1', () => {
  it.each([
    ['begin', begin],
    ['add', { v: 1, t: 'add', id: 's1', pts: [0, 0, 1, 1] }],
    ['end', { v: 1, t: 'end', id: 's1' }],
    ['text', text],
    ['text with markup (drawn as text)', { ...text, text: '<img src=x onerror=alert(1)>' }],
    ['remove', { v: 1, t: 'remove', id: 's1' }],
    ['clear', { v: 1, t: 'clear' }],
    ['each shape tool', { ...begin, tool: 'ellipse' }],
  ])('accepts %s', (_name, message) => {
    expect(parseInkMessage(json(message))).toEqual(message);
  });

  it.each([
    ['not JSON', '{'],
    ['no version', json({ ...begin, v: undefined })],
    ['a future version', json({ ...begin, v: 2 })],
    ['an unknown type', json({ v: 1, t: 'explode' })],
    ['an unknown tool', json({ ...begin, tool: 'flamethrower' })],
    ['a colour off the palette', json({ ...begin, color: 'red' })],
    ['a CSS injection colour', json({ ...begin, color: '#fff;background:url(x)' })],
    ['a width of 40', json({ ...begin, width: 40 })],
    ['an odd number of coordinates', json({ ...begin, pts: [0.1, 0.2, 0.3] })],
    ['no points', json({ ...begin, pts: [] })],
    ['NaN (as null)', json({ ...begin, pts: [NaN, 0.2] })],
    ['1e308', '{"v":1,"t":"add","id":"s1","pts":[1e308,0]}'],
    ['Infinity (1e999)', '{"v":1,"t":"add","id":"s1","pts":[1e999,0]}'],
    ['negative coordinates', json({ ...begin, pts: [-0.1, 0.2] })],
    ['string coordinates', json({ ...begin, pts: ['0.1', 0.2] })],
    ['too many points', json({ v: 1, t: 'add', id: 's1', pts: new Array(8194).fill(0.5) })],
    ['an id with markup', json({ ...begin, id: '<script>' })],
    ['empty text', json({ ...text, text: '' })],
    ['text too long', json({ ...text, text: 'x'.repeat(201) })],
    ['text with control characters', json({ ...text, text: 'a\u0000b' })],
    ['binary', new Uint8Array(8)],
    ['oversize', 'x'.repeat(70_000)],
  ])('drops %s', (_name, data) => {
    expect(parseInkMessage(data)).toBeNull();
  });
});
