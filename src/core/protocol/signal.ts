import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
export const Sdp = v.pipe(v.string(), v.maxLength(48 * 1024));

const IceServer = v.object({
  urls: v.union([
    v.pipe(v.string(), v.maxLength(512)),
    v.pipe(v.array(v.pipe(v.string(), v.maxLength(512))), v.maxLength(8)),
  ]),
  username: v.exactOptional(v.pipe(v.string(), v.maxLength(256))),
  credential: v.exactOptional(v.pipe(v.string(), v.maxLength(256))),
});
export type IceServerConfig = v.InferOutput<typeof IceServer>;
export const IceServers = v.pipe(v.array(IceServer), v.maxLength(8));

export const Candidate = v.object({
  candidate: v.pipe(v.string(), v.maxLength(1024)),
  sdpMid: v.nullable(v.pipe(v.string(), v.maxLength(64))),
  sdpMLineIndex: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64))),
  usernameFragment: v.exactOptional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
});
export type CandidateInit = v.InferOutput<typeof Candidate>;

const Name = v.pipe(v.string(), v.maxLength(64));

export const DenyReason = v.picklist(['denied', 'timeout', 'full', 'removed']);
export type DenyReason = v.InferOutput<typeof DenyReason>;

/**
 * What the sharer and a helper say to each other through the broker, inside sealed envelopes.
 * The helper's join carries its offer, built while its page connected; the sharer answers; both
 * trickle what ICE finds later. One broker round trip fewer than "join, then offer"
 * (docs/decisions/0003-join-carries-offer.md).
 */
export const SignalMessage = v.variant('type', [
  // `resume` is a secret the helper page keeps across reloads, so the sharer can let the same
  // person back in without asking again (docs/decisions/0004-sharer-approves-every-helper.md).
  v.object({
    type: v.literal('join'),
    name: Name,
    resume: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)),
    sdp: Sdp,
  }),
  // The sharer's answer to a join; later, an ICE restart's offer and its answer while the peer link
  // is down (while it is up they go over the control channel).
  v.object({ type: v.literal('answer'), sdp: Sdp }),
  v.object({ type: v.literal('offer'), sdp: Sdp }),
  // Trickled candidates, batched: one sealed message per burst (an end-of-candidates null is not sent).
  v.object({
    type: v.literal('ice'),
    candidates: v.pipe(v.array(Candidate), v.minLength(1), v.maxLength(16)),
  }),
  v.object({ type: v.literal('admit') }),
  v.object({ type: v.literal('deny'), reason: DenyReason }),
  v.object({ type: v.literal('end') }),
  v.object({ type: v.literal('leave') }),
  // The one retained record of a session, on its status topic: sealed like everything else. While
  // live it says who shares and how to reach them: TURN credentials travel sealed to the helper, who
  // has no extension settings of its own and needs them before it can offer.
  v.variant('state', [
    v.object({
      type: v.literal('status'),
      state: v.literal('live'),
      sharerName: Name,
      iceServers: IceServers,
      iceTransportPolicy: v.picklist(['all', 'relay']),
    }),
    v.object({ type: v.literal('status'), state: v.literal('ended') }),
  ]),
]);
export type SignalMessage = v.InferOutput<typeof SignalMessage>;
export type SignalType = SignalMessage['type'];

/** The authenticated plaintext of an envelope: who sent it, in which order, when. */
export const SealedBody = v.object({
  from: Id,
  seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  ts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  msg: SignalMessage,
});
export type SealedBody = v.InferOutput<typeof SealedBody>;

export const isPeerId = (value: string): boolean => v.is(Id, value);

/** What a live session's status record tells a helper before it offers. */
export type LiveStatus = Omit<Extract<SignalMessage, { type: 'status'; state: 'live' }>, 'type' | 'state'>;
