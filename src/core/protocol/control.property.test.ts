import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeMessageParser } from '../../../test/support/message-parser.ts';
import { candidate, controlMessage } from '../../../test/support/messages.ts';
import { byteLength, FEW_RUNS, jsonValue, RUNS, toJsonText } from '../../../test/support/untrusted.ts';
import {
  ControlMessage,
  encodeControlMessage,
  MAX_CONTROL_MESSAGE_BYTES,
  parseControlMessage,
} from './control.ts';

/** The Sdp schema's limit, in UTF-16 units. */
const MAX_SDP = 48 * 1024;

describeMessageParser(
  {
    name: 'control messages',
    schema: ControlMessage,
    valid: controlMessage,
    parse: parseControlMessage,
    encode: encodeControlMessage,
    maxBytes: MAX_CONTROL_MESSAGE_BYTES,
    sizeRuns: FEW_RUNS,
  },
  () => {
    it('drops unknown fields in an ICE candidate but keeps the candidate', () => {
      fc.assert(
        fc.property(candidate, fc.string({ maxLength: 8 }), jsonValue, (c, key, value) => {
          fc.pre(!Object.hasOwn(c, key));
          const extra = Object.defineProperty({ ...c }, key, { value, enumerable: true });
          fc.pre(byteLength(toJsonText(extra)) <= MAX_CONTROL_MESSAGE_BYTES - 32);
          expect(parseControlMessage(toJsonText({ t: 'ice', candidate: extra }))).toEqual({
            t: 'ice',
            candidate: c,
          });
        }),
        RUNS,
      );
    });

    // JSON writes a CRLF as four bytes: 48 Ki units of line ends alone would not fit in a message,
    // so the full-size SDP is made of lines, as SDPs are.
    it('keeps an SDP of 48 Ki units and drops one unit more', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('offer', 'answer'),
          fc.constantFrom('a', `${'a=rtpmap:96 VP8/90000'.padEnd(46)}\r\n`),
          (t, chunk) => {
            const sdp = chunk.repeat(MAX_SDP / chunk.length);
            expect(parseControlMessage(JSON.stringify({ t, sdp }))).toEqual({ t, sdp });
            expect(parseControlMessage(JSON.stringify({ t, sdp: `${sdp}a` }))).toBeNull();
          },
        ),
        { numRuns: 20 },
      );
    });

    it("drops a candidate over its fields' limits", () => {
      fc.assert(
        fc.property(
          candidate,
          fc.constantFrom(
            { candidate: 'x'.repeat(1025) },
            { sdpMid: 'x'.repeat(65) },
            { sdpMLineIndex: 65 },
            { sdpMLineIndex: -1 },
            { sdpMLineIndex: 0.5 },
            { sdpMLineIndex: '0' },
            { usernameFragment: 'x'.repeat(257) },
            { candidate: null },
            { sdpMid: undefined },
          ),
          (c, spoil) => {
            expect(
              parseControlMessage(JSON.stringify({ t: 'ice', candidate: { ...c, ...spoil } })),
            ).toBeNull();
          },
        ),
        RUNS,
      );
    });

    it('drops an unknown type, a bye for an unknown reason, a pause that is not a boolean', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.constantFrom('admit', 'join', 'Paused', 'pointer')), (t) => {
          fc.pre(!['paused', 'bye', 'offer', 'answer', 'ice'].includes(t));
          expect(
            parseControlMessage(JSON.stringify({ t, paused: true, reason: 'end', sdp: 'v=0' })),
          ).toBeNull();
        }),
        RUNS,
      );
      fc.assert(
        fc.property(jsonValue, (value) => {
          fc.pre(!['denied', 'timeout', 'full', 'removed', 'end'].includes(value as string));
          expect(parseControlMessage(toJsonText({ t: 'bye', reason: value }))).toBeNull();
        }),
        RUNS,
      );
      fc.assert(
        fc.property(jsonValue, (value) => {
          fc.pre(typeof value !== 'boolean');
          expect(parseControlMessage(toJsonText({ t: 'paused', paused: value }))).toBeNull();
        }),
        RUNS,
      );
    });
  },
);
