import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeMessageParser } from '../../../test/support/message-parser.ts';
import { inkMessage, unit } from '../../../test/support/messages.ts';
import { jsonValue, RUNS, Raw, toJsonText } from '../../../test/support/untrusted.ts';
import {
  encodeInkMessage,
  INK_VERSION,
  InkMessage,
  MAX_INK_MESSAGE_BYTES,
  MAX_POINTS,
  MAX_TEXT,
  PALETTE,
  parseInkMessage,
  DRAW_TOOLS,
  WIDTHS,
} from './ink.ts';

const begin = (pts: unknown[]) => ({
  v: INK_VERSION,
  t: 'begin',
  id: 's1',
  tool: 'pen',
  color: PALETTE[0],
  width: WIDTHS[0],
  pinned: false,
  pts,
});
const textLabel = (text: string) => ({
  v: INK_VERSION,
  t: 'text',
  id: 't1',
  at: [0.5, 0.5],
  text,
  color: PALETTE[0],
  width: WIDTHS[0],
  pinned: false,
});
/** Off the frame, or not a number JSON can carry. */
const offFrame = fc.oneof(
  fc.double({ noNaN: true, max: -Number.MIN_VALUE }),
  fc.double({ noNaN: true, min: 1.0000000000000002 }),
  fc.constantFrom<unknown>(new Raw('1e999'), new Raw('-1e999'), new Raw('NaN'), null, '0.5', [0.5], {}),
);
/** Short coordinates, so a stroke at the point limit still fits in a message. */
const shortUnit = fc.constantFrom(0, 0.5, 1);
const notIn = (list: readonly unknown[]) => (value: unknown) => !list.includes(value);

describeMessageParser(
  {
    name: 'annotation messages',
    schema: InkMessage,
    valid: inkMessage,
    parse: parseInkMessage,
    encode: encodeInkMessage,
    maxBytes: MAX_INK_MESSAGE_BYTES,
  },
  () => {
    it('keeps MAX_POINTS points and drops one more', () => {
      fc.assert(
        fc.property(fc.array(shortUnit, { minLength: 2 * MAX_POINTS, maxLength: 2 * MAX_POINTS }), (pts) => {
          expect(parseInkMessage(JSON.stringify(begin(pts)))).toEqual(begin(pts));
          expect(parseInkMessage(JSON.stringify(begin([...pts, 0.5, 0.5])))).toBeNull();
        }),
        { numRuns: 20 },
      );
    });

    it('keeps MAX_TEXT characters of text and drops one more', () => {
      fc.assert(
        fc.property(fc.constantFrom('a', 'é', '😀'.slice(0, 1), ' '), (char) => {
          const full = char.repeat(MAX_TEXT);
          expect(parseInkMessage(JSON.stringify(textLabel(full)))).toEqual(textLabel(full));
          expect(parseInkMessage(JSON.stringify(textLabel(full + char)))).toBeNull();
        }),
        RUNS,
      );
    });

    it('drops coordinates off the frame, wherever they are', () => {
      fc.assert(
        fc.property(fc.array(unit, { minLength: 2, maxLength: 20 }), fc.nat(), offFrame, (pts, at, bad) => {
          const even = pts.length % 2 === 0 ? pts : pts.slice(1);
          const spoilt = even.map((x, i) => (i === at % even.length ? bad : x));
          expect(parseInkMessage(toJsonText(begin(spoilt)))).toBeNull();
          expect(parseInkMessage(toJsonText({ v: INK_VERSION, t: 'add', id: 's1', pts: spoilt }))).toBeNull();
          expect(parseInkMessage(toJsonText({ ...textLabel('x'), at: [bad, 0.5] }))).toBeNull();
        }),
        RUNS,
      );
    });

    it('drops an odd number of coordinates', () => {
      fc.assert(
        fc.property(fc.array(unit, { minLength: 1, maxLength: 41 }), (pts) => {
          fc.pre(pts.length % 2 === 1);
          expect(parseInkMessage(JSON.stringify(begin(pts)))).toBeNull();
        }),
        RUNS,
      );
    });

    it('drops another version, an unknown type, tool, colour or width, and control characters', () => {
      fc.assert(
        fc.property(inkMessage, jsonValue, (message, version) => {
          fc.pre(version !== INK_VERSION);
          expect(parseInkMessage(JSON.stringify({ ...message, v: version }))).toBeNull();
          const { v: _v, ...unversioned } = message;
          expect(parseInkMessage(JSON.stringify(unversioned))).toBeNull();
        }),
        RUNS,
      );
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), fc.constantFrom('Begin', 'pointer', 'text ', 'constructor', '__proto__')),
          (t) => {
            fc.pre(!['begin', 'add', 'end', 'text', 'remove', 'clear'].includes(t));
            expect(parseInkMessage(JSON.stringify({ v: INK_VERSION, t, id: 's1' }))).toBeNull();
          },
        ),
        RUNS,
      );
      fc.assert(
        fc.property(
          fc.oneof(fc.string(), jsonValue).filter(notIn(DRAW_TOOLS)),
          fc
            .oneof(fc.string(), jsonValue, fc.constantFrom('#FF3B30', 'red', '#fff;x:url(y)'))
            .filter(notIn(PALETTE)),
          fc.oneof(fc.integer(), fc.double(), jsonValue).filter(notIn(WIDTHS)),
          (tool, color, width) => {
            expect(parseInkMessage(JSON.stringify({ ...begin([0, 0]), tool }))).toBeNull();
            expect(parseInkMessage(JSON.stringify({ ...begin([0, 0]), color }))).toBeNull();
            expect(parseInkMessage(JSON.stringify({ ...textLabel('x'), color }))).toBeNull();
            expect(parseInkMessage(JSON.stringify({ ...begin([0, 0]), width }))).toBeNull();
          },
        ),
        RUNS,
      );
      fc.assert(
        fc.property(
          fc.string({ maxLength: 20 }),
          fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
          fc.string({ maxLength: 20 }),
          (before, code, after) => {
            const label = `${before}${String.fromCharCode(code)}${after}`;
            expect(parseInkMessage(JSON.stringify(textLabel(label)))).toBeNull();
          },
        ),
        RUNS,
      );
    });
  },
);
