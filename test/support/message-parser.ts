import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  anyInput,
  byteLength,
  garbled,
  jsonValue,
  mutated,
  padChar,
  padded,
  RUNS,
  toJsonText,
} from './untrusted.ts';

/** A parser for what a peer sends over a data channel, with what it takes to check it. */
export interface MessageParser<M extends object> {
  /** What the messages are called, as the `describe` block names them: 'pointer messages'. */
  name: string;
  /** The schema every message the parser hands on must pass. */
  schema: v.GenericSchema<unknown, M>;
  /** Every valid message, as a sender would make it. */
  valid: fc.Arbitrary<M>;
  parse: (data: unknown) => M | null;
  encode: (message: M) => string;
  /** The largest message, in UTF-8 bytes, the parser keeps. */
  maxBytes: number;
  /** Runs of the size-limit property: each run builds strings near `maxBytes`. */
  sizeRuns?: { numRuns: number };
}

/**
 * Declares the properties every data-channel parser must have, in a `describe` block named for
 * its messages; `specific` adds, in the same block, the ones only this parser has.
 */
export function describeMessageParser<M extends object>(
  parser: MessageParser<M>,
  specific: () => void,
): void {
  const { name, schema, valid, parse, encode, maxBytes, sizeRuns = RUNS } = parser;

  /** What the parser hands on is a valid message, and one it reads back as it would send it (-0 goes as 0). */
  function acceptable(result: M | null) {
    if (result === null) return;
    expect(v.is(schema, result)).toBe(true);
    const text = encode(result);
    expect(JSON.stringify(parse(text))).toBe(text);
  }

  describe(`${name} (properties)`, () => {
    it('never throws, whatever comes over the channel', () => {
      fc.assert(
        fc.property(anyInput, (data) => acceptable(parse(data))),
        RUNS,
      );
    });

    it('never throws on near-valid messages, and what it accepts is valid', () => {
      fc.assert(
        fc.property(mutated(valid), (message) => acceptable(parse(toJsonText(message)))),
        RUNS,
      );
      fc.assert(
        fc.property(garbled(valid.map(encode)), (data) => acceptable(parse(data))),
        RUNS,
      );
    });

    it('round-trips every valid message', () => {
      fc.assert(
        fc.property(valid, (message) => {
          expect(parse(encode(message))).toEqual(message);
        }),
        RUNS,
      );
    });

    it('drops unknown fields but keeps the message', () => {
      fc.assert(
        fc.property(valid, fc.string({ maxLength: 8 }), jsonValue, (message, key, value) => {
          fc.pre(!Object.hasOwn(message, key));
          // defineProperty, so a `__proto__` key is sent as JSON.parse would read it: an own field.
          const withExtra = toJsonText(
            Object.defineProperty({ ...message }, key, { value, enumerable: true }),
          );
          fc.pre(byteLength(withExtra) <= maxBytes);
          expect(parse(withExtra)).toEqual(message);
        }),
        RUNS,
      );
    });

    it(`drops a message a byte over ${maxBytes / 1024} KiB, in any script, and keeps one at it`, () => {
      fc.assert(
        fc.property(valid, padChar, (message, char) => {
          // Room for the pad field and one character of it, or 'within' could not be padded to the limit.
          fc.pre(byteLength(encode(message)) < maxBytes - 16);
          const over = padded(message, maxBytes + 1, char, 'over');
          const within = padded(message, maxBytes, char, 'within');
          expect(byteLength(over)).toBeGreaterThan(maxBytes);
          expect(byteLength(within)).toBeLessThanOrEqual(maxBytes);
          expect(byteLength(within)).toBeGreaterThan(maxBytes - byteLength(char));
          expect(parse(over)).toBeNull();
          expect(parse(within)).toEqual(message);
        }),
        sizeRuns,
      );
    });

    specific();
  });
}
