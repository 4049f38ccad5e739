import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { inkMessage, unit } from '../../../test/support/messages.ts';
import {
  anyInput,
  byteLength,
  garbled,
  jsonValue,
  mutated,
  padChar,
  padded,
  RUNS,
  Raw,
  toJsonText,
} from '../../../test/support/untrusted.ts';
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

/** What the parser hands on is a valid message, and one it reads back as it would send it (-0 goes as 0). */
function acceptable(result: InkMessage | null) {
  if (result === null) return;
  expect(v.is(InkMessage, result)).toBe(true);
  const text = encodeInkMessage(result);
  expect(JSON.stringify(parseInkMessage(text))).toBe(text);
}

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

describe('annotation messages (properties)', () => {
  it('never throws, whatever comes over the channel', () => {
    fc.assert(
      fc.property(anyInput, (data) => acceptable(parseInkMessage(data))),
      RUNS,
    );
  });

  it('never throws on near-valid messages, and what it accepts is valid', () => {
    fc.assert(
      fc.property(mutated(inkMessage), (message) => acceptable(parseInkMessage(toJsonText(message)))),
      RUNS,
    );
    fc.assert(
      fc.property(garbled(inkMessage.map(encodeInkMessage)), (data) => acceptable(parseInkMessage(data))),
      RUNS,
    );
  });

  it('round-trips every valid message', () => {
    fc.assert(
      fc.property(inkMessage, (message) => {
        expect(parseInkMessage(encodeInkMessage(message))).toEqual(message);
      }),
      RUNS,
    );
  });

  it('drops unknown fields but keeps the message', () => {
    fc.assert(
      fc.property(inkMessage, fc.string({ maxLength: 8 }), jsonValue, (message, key, value) => {
        fc.pre(!Object.hasOwn(message, key));
        const withExtra = toJsonText(Object.defineProperty({ ...message }, key, { value, enumerable: true }));
        fc.pre(byteLength(withExtra) <= MAX_INK_MESSAGE_BYTES);
        expect(parseInkMessage(withExtra)).toEqual(message);
      }),
      RUNS,
    );
  });

  it('drops a message a byte over 64 KiB, in any script, and keeps one at it', () => {
    fc.assert(
      fc.property(inkMessage, padChar, (message, char) => {
        fc.pre(byteLength(encodeInkMessage(message)) < MAX_INK_MESSAGE_BYTES - 16);
        expect(parseInkMessage(padded(message, MAX_INK_MESSAGE_BYTES + 1, char, 'over'))).toBeNull();
        expect(parseInkMessage(padded(message, MAX_INK_MESSAGE_BYTES, char, 'within'))).toEqual(message);
      }),
      RUNS,
    );
  });

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
});
