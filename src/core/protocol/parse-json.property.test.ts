import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { anyInput, anyText, byteLength, garbled, padChar, RUNS } from '../../../test/support/untrusted.ts';
import { parseJsonMessage } from './parse-json.ts';

const LIMIT = 1024;
const Strict = v.object({ n: v.pipe(v.number(), v.integer()) });

describe('parseJsonMessage (properties)', () => {
  it('never throws, whatever it is given, with any schema', () => {
    fc.assert(
      fc.property(
        anyInput,
        fc.constantFrom<v.GenericSchema>(v.unknown(), Strict, v.string()),
        (data, schema) => {
          parseJsonMessage(schema, data, LIMIT);
        },
      ),
      RUNS,
    );
    fc.assert(
      fc.property(garbled(fc.json()), (data) => {
        parseJsonMessage(v.unknown(), data, LIMIT);
      }),
      RUNS,
    );
  });

  it('reads back any JSON value it is sent as text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        // Compared as text: JSON keeps no -0, and an own `__proto__` key is not what toEqual sees.
        expect(JSON.stringify(parseJsonMessage(v.unknown(), text, Infinity))).toBe(
          JSON.stringify(JSON.parse(text)),
        );
      }),
      RUNS,
    );
  });

  it('reads only text: the same JSON as bytes, or as a value, is refused', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(
          parseJsonMessage(v.unknown(), new TextEncoder().encode(JSON.stringify(value)), LIMIT),
        ).toBeNull();
        if (typeof value !== 'string') expect(parseJsonMessage(v.unknown(), value, LIMIT)).toBeNull();
      }),
      RUNS,
    );
  });

  it('refuses what the schema refuses', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!v.is(Strict, value));
        expect(parseJsonMessage(Strict, JSON.stringify(value), Infinity)).toBeNull();
      }),
      RUNS,
    );
  });

  it('refuses text a byte over the limit, counted in UTF-8, and keeps text at it', () => {
    fc.assert(
      fc.property(padChar, fc.integer({ min: 2, max: 4096 }), (char, limit) => {
        // A JSON string of `count` chars is `count * bytes + 2` bytes long.
        const count = Math.floor((limit - 2) / byteLength(char));
        const within = JSON.stringify(char.repeat(count));
        const over = JSON.stringify(char.repeat(count + 1));
        expect(byteLength(within)).toBeLessThanOrEqual(limit);
        expect(byteLength(over)).toBeGreaterThan(limit);
        expect(parseJsonMessage(v.string(), within, limit)).toBe(char.repeat(count));
        expect(parseJsonMessage(v.string(), over, limit)).toBeNull();
      }),
      RUNS,
    );
  });

  it('measures any text by the UTF-8 bytes it crosses the wire as', () => {
    fc.assert(
      fc.property(anyText(300), (text) => {
        const json = JSON.stringify(text);
        const bytes = byteLength(json);
        expect(parseJsonMessage(v.string(), json, bytes)).toBe(text);
        expect(parseJsonMessage(v.string(), json, bytes - 1)).toBeNull();
      }),
      RUNS,
    );
  });
});
