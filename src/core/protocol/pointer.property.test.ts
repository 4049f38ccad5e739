import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeMessageParser } from '../../../test/support/message-parser.ts';
import { pointerMessage, unit } from '../../../test/support/messages.ts';
import { longText, RUNS, Raw, toJsonText } from '../../../test/support/untrusted.ts';
import {
  encodePointerMessage,
  MAX_DATA_MESSAGE_BYTES,
  parsePointerMessage,
  PointerMessage,
} from './pointer.ts';

/** Off the frame, or not a number JSON can carry. */
const offFrame = fc.oneof(
  fc.double({ noNaN: true, max: -Number.MIN_VALUE }),
  fc.double({ noNaN: true, min: 1.0000000000000002 }),
  fc.constantFrom<unknown>(new Raw('1e999'), new Raw('-1e999'), new Raw('NaN'), null, '0.5', [0.5], {}, true),
);

describeMessageParser(
  {
    name: 'pointer messages',
    schema: PointerMessage,
    valid: pointerMessage,
    parse: parsePointerMessage,
    encode: encodePointerMessage,
    maxBytes: MAX_DATA_MESSAGE_BYTES,
  },
  () => {
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
          expect(
            parsePointerMessage(new TextEncoder().encode(encodePointerMessage(message) + pad)),
          ).toBeNull();
          expect(parsePointerMessage(message)).toBeNull();
        }),
        RUNS,
      );
    });
  },
);
