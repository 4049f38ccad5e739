import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { pointerMessage, unit } from '../../../test/support/messages.ts';
import {
  anyInput,
  byteLength,
  garbled,
  jsonValue,
  longText,
  mutated,
  padChar,
  padded,
  RUNS,
  Raw,
  toJsonText,
} from '../../../test/support/untrusted.ts';
import {
  encodePointerMessage,
  MAX_DATA_MESSAGE_BYTES,
  parsePointerMessage,
  PointerMessage,
} from './pointer.ts';

/** What the parser hands on is a valid message, and one it reads back as it would send it (-0 goes as 0). */
function acceptable(result: PointerMessage | null) {
  if (result === null) return;
  expect(v.is(PointerMessage, result)).toBe(true);
  const text = encodePointerMessage(result);
  expect(JSON.stringify(parsePointerMessage(text))).toBe(text);
}

/** Off the frame, or not a number JSON can carry. */
const offFrame = fc.oneof(
  fc.double({ noNaN: true, max: -Number.MIN_VALUE }),
  fc.double({ noNaN: true, min: 1.0000000000000002 }),
  fc.constantFrom<unknown>(new Raw('1e999'), new Raw('-1e999'), new Raw('NaN'), null, '0.5', [0.5], {}, true),
);

describe('pointer messages (properties)', () => {
  it('never throws, whatever comes over the channel', () => {
    fc.assert(
      fc.property(anyInput, (data) => acceptable(parsePointerMessage(data))),
      RUNS,
    );
  });

  it('never throws on near-valid messages, and what it accepts is valid', () => {
    fc.assert(
      fc.property(mutated(pointerMessage), (message) => acceptable(parsePointerMessage(toJsonText(message)))),
      RUNS,
    );
    fc.assert(
      fc.property(garbled(pointerMessage.map(encodePointerMessage)), (data) =>
        acceptable(parsePointerMessage(data)),
      ),
      RUNS,
    );
  });

  it('round-trips every valid message', () => {
    fc.assert(
      fc.property(pointerMessage, (message) => {
        expect(parsePointerMessage(encodePointerMessage(message))).toEqual(message);
      }),
      RUNS,
    );
  });

  it('drops unknown fields but keeps the message', () => {
    fc.assert(
      fc.property(pointerMessage, fc.string({ maxLength: 8 }), jsonValue, (message, key, value) => {
        fc.pre(!Object.hasOwn(message, key));
        // defineProperty, so a `__proto__` key is sent as JSON.parse would read it: an own field.
        const withExtra = toJsonText(Object.defineProperty({ ...message }, key, { value, enumerable: true }));
        fc.pre(byteLength(withExtra) <= MAX_DATA_MESSAGE_BYTES);
        expect(parsePointerMessage(withExtra)).toEqual(message);
      }),
      RUNS,
    );
  });

  it('drops a message one byte over the limit, in any script, and keeps one at it', () => {
    fc.assert(
      fc.property(pointerMessage, padChar, (message, char) => {
        const over = padded(message, MAX_DATA_MESSAGE_BYTES + 1, char, 'over');
        const within = padded(message, MAX_DATA_MESSAGE_BYTES, char, 'within');
        expect(byteLength(over)).toBeGreaterThan(MAX_DATA_MESSAGE_BYTES);
        expect(parsePointerMessage(over)).toBeNull();
        expect(parsePointerMessage(within)).toEqual(message);
      }),
      RUNS,
    );
  });

  it('drops a coordinate off the frame, a wrong type and a non-string', () => {
    fc.assert(
      fc.property(unit, unit, offFrame, fc.constantFrom('x', 'y'), (x, y, bad, axis) => {
        expect(parsePointerMessage(toJsonText({ t: 'pointer', x, y, [axis]: bad }))).toBeNull();
      }),
      RUNS,
    );
    fc.assert(
      fc.property(
        fc.string().filter((t) => t !== 'pointer' && t !== 'pointer-leave'),
        unit,
        unit,
        (t, x, y) => {
          expect(parsePointerMessage(JSON.stringify({ t, x, y }))).toBeNull();
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(pointerMessage, longText(0, 16), (message, pad) => {
        // The same message as bytes, or as a value not yet serialised: only text is read.
        expect(parsePointerMessage(new TextEncoder().encode(encodePointerMessage(message) + pad))).toBeNull();
        expect(parsePointerMessage(message)).toBeNull();
      }),
      RUNS,
    );
  });
});
