import fc from 'fast-check';
import type { ControlMessage } from '../../src/core/protocol/control.ts';
import { PALETTE, DRAW_TOOLS, WIDTHS, INK_VERSION, type InkMessage } from '../../src/core/protocol/ink.ts';
import type { PointerMessage } from '../../src/core/protocol/pointer.ts';
import type {
  CandidateInit,
  DenyReason,
  IceServerConfig,
  SealedBody,
  SignalMessage,
} from '../../src/core/protocol/signal.ts';

/**
 * Arbitrary valid messages, one per schema in src/core/protocol, at the edges the schemas allow.
 * A valid message survives `JSON.stringify` unchanged, so no -0 (it comes back as 0).
 */

/**
 * At most `max` UTF-16 units, as the schemas count, and now and then right at `max` (fast-check
 * keeps strings short unless told). A cut pair leaves a lone surrogate, which is valid too.
 */
export const text = (max: number, min = 0) =>
  fc
    .oneof(
      { arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: max }), weight: 2 },
      { arbitrary: fc.string({ minLength: min, maxLength: max }), weight: 2 },
      { arbitrary: fc.string({ minLength: Math.max(min, max - 2), maxLength: max, size: 'max' }), weight: 1 },
    )
    .map((s) => s.slice(0, max));

/** A fraction of the video frame; 0 and 1 (the edges) come up often. */
export const unit = fc.oneof(
  fc.constantFrom(0, 1, 0.5),
  fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
);

export const pointerMessage: fc.Arbitrary<PointerMessage> = fc.oneof(
  fc.record({ t: fc.constant('pointer' as const), x: unit, y: unit }),
  fc.constant({ t: 'pointer-leave' as const }),
);

const inkId = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const points = fc.array(fc.tuple(unit, unit), { minLength: 1, maxLength: 40 }).map((pairs) => pairs.flat());
const style = {
  color: fc.constantFrom(...PALETTE),
  width: fc.constantFrom(...WIDTHS),
  pinned: fc.boolean(),
};
const v = fc.constant(INK_VERSION);
/** 1 to 200 units, no control characters (the schema refuses them). */
const label = text(200, 1)
  .map((s) => s.replace(/\p{Cc}/gu, '?'))
  .filter((s) => s.length > 0);

export const inkMessage: fc.Arbitrary<InkMessage> = fc.oneof(
  fc.record({
    v,
    t: fc.constant('begin' as const),
    id: inkId,
    tool: fc.constantFrom(...DRAW_TOOLS),
    ...style,
    pts: points,
  }),
  fc.record({ v, t: fc.constant('add' as const), id: inkId, pts: points }),
  fc.record({ v, t: fc.constant('end' as const), id: inkId }),
  fc.record({
    v,
    t: fc.constant('text' as const),
    id: inkId,
    at: fc.tuple(unit, unit),
    text: label,
    ...style,
  }),
  fc.record({ v, t: fc.constant('remove' as const), id: inkId }),
  fc.constant({ v: INK_VERSION, t: 'clear' as const }),
);

export const candidate: fc.Arbitrary<CandidateInit> = fc.record(
  {
    candidate: text(1024),
    sdpMid: fc.option(text(64), { nil: null }),
    sdpMLineIndex: fc.option(fc.integer({ min: 0, max: 64 }), { nil: null }),
    usernameFragment: fc.option(text(256), { nil: null }),
  },
  { requiredKeys: ['candidate', 'sdpMid', 'sdpMLineIndex'] },
);

/** SDP-like lines, often long enough to be deflated in an envelope (from 512 bytes). */
export const sdp = fc.oneof(
  text(64),
  fc
    .array(fc.stringMatching(/^a=[a-z-]{1,12}:[ -~]{0,60}$/), { minLength: 8, maxLength: 80, size: 'max' })
    .map((lines) => ['v=0', ...lines, ''].join('\r\n')),
);

export const denyReason: fc.Arbitrary<DenyReason> = fc.constantFrom('denied', 'timeout', 'full', 'removed');

export const controlMessage: fc.Arbitrary<ControlMessage> = fc.oneof(
  fc.record({ t: fc.constant('paused' as const), paused: fc.boolean() }),
  fc.record({ t: fc.constant('bye' as const), reason: fc.oneof(denyReason, fc.constant('end' as const)) }),
  fc.record({ t: fc.constant('offer' as const), sdp }),
  fc.record({ t: fc.constant('answer' as const), sdp }),
  fc.record({ t: fc.constant('ice' as const), candidate: fc.option(candidate, { nil: null }) }),
);

const iceUrl = text(512);
export const iceServer: fc.Arbitrary<IceServerConfig> = fc.record(
  {
    urls: fc.oneof(iceUrl, fc.array(iceUrl, { maxLength: 8 })),
    username: text(256),
    credential: text(256),
  },
  { requiredKeys: ['urls'] },
);

/** A raw 32-byte public key and a 64-byte signature, base64url, as the schema takes them. */
const publicKey = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const signature = fc.stringMatching(/^[A-Za-z0-9_-]{86}$/);
const sharerKeys = fc.record({ sign: publicKey, agree: publicKey });

export const signalMessage: fc.Arbitrary<SignalMessage> = fc.oneof(
  fc.record({
    type: fc.constant('join' as const),
    name: text(64),
    key: publicKey,
    returning: fc.boolean(),
    sdp,
  }),
  fc.record({ type: fc.constant('answer' as const), sdp }),
  fc.record({ type: fc.constant('offer' as const), sdp }),
  fc.record({
    type: fc.constant('ice' as const),
    candidates: fc.array(candidate, { minLength: 1, maxLength: 16 }),
  }),
  fc.constant({ type: 'admit' as const }),
  fc.record({ type: fc.constant('deny' as const), reason: denyReason }),
  fc.constant({ type: 'end' as const }),
  fc.constant({ type: 'leave' as const }),
  fc.record({
    type: fc.constant('status' as const),
    state: fc.constant('live' as const),
    sharerName: text(64),
    iceServers: fc.array(iceServer, { maxLength: 8 }),
    iceTransportPolicy: fc.constantFrom('all' as const, 'relay' as const),
    keys: sharerKeys,
    sig: signature,
  }),
  fc.record({
    type: fc.constant('status' as const),
    state: fc.constant('ended' as const),
    keys: sharerKeys,
    sig: signature,
  }),
);

export const peerId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

export const sealedBody: fc.Arbitrary<SealedBody> = fc.record({
  from: peerId,
  seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER), fc.maxSafeNat()),
  // No upper bound in the schema: a far-future time is the secure channel's to judge.
  ts: fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constant(1e300)),
  msg: signalMessage,
});
