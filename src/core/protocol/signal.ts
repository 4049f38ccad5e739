import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
export const Sdp = v.pipe(v.string(), v.maxLength(48 * 1024));

/** What a status record carries of the sharer's STUN/TURN servers (the Lookover server hands out no more). */
export const MAX_ICE_SERVERS = 8;
export const MAX_URLS_PER_ICE_SERVER = 8;
export const MAX_ICE_URL_LENGTH = 512;

const IceServer = v.object({
  urls: v.union([
    v.pipe(v.string(), v.maxLength(MAX_ICE_URL_LENGTH)),
    v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(MAX_ICE_URL_LENGTH))),
      v.maxLength(MAX_URLS_PER_ICE_SERVER),
    ),
  ]),
  username: v.exactOptional(v.pipe(v.string(), v.maxLength(256))),
  credential: v.exactOptional(v.pipe(v.string(), v.maxLength(256))),
});
export type IceServerConfig = v.InferOutput<typeof IceServer>;
export const IceServers = v.pipe(v.array(IceServer), v.maxLength(MAX_ICE_SERVERS));

export const Candidate = v.object({
  candidate: v.pipe(v.string(), v.maxLength(1024)),
  sdpMid: v.nullable(v.pipe(v.string(), v.maxLength(64))),
  sdpMLineIndex: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64))),
  usernameFragment: v.exactOptional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
});
export type CandidateInit = v.InferOutput<typeof Candidate>;

const Name = v.pipe(v.string(), v.maxLength(64));
/** A raw 32-byte X25519 or Ed25519 public key, base64url. */
const PublicKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/));
const SharerPublicKeys = v.object({ sign: PublicKey, agree: PublicKey });
/** An Ed25519 signature (64 bytes), base64url. */
const Signature = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/));

export const DenyReason = v.picklist(['denied', 'timeout', 'full', 'removed']);
export type DenyReason = v.InferOutput<typeof DenyReason>;

/**
 * What the sharer and a helper say to each other through the broker, inside sealed envelopes.
 * The helper's join carries its offer, built while its page connected; the sharer answers; both
 * trickle what ICE finds later. One broker round trip fewer than "join, then offer"
 * (docs/decisions/0003-join-carries-offer.md).
 */
export const SignalMessage = v.variant('type', [
  // Sealed with the link's key (the sharer cannot know a new helper's yet): it carries the helper's
  // public key, whose hash is its id, so everything after it is sealed for the pair. `returning`
  // says the helper holds a rejoin ticket, which it shows only over the new peer link, never here
  // (docs/decisions/0017-each-party-its-own-keys.md).
  v.object({
    type: v.literal('join'),
    name: Name,
    key: PublicKey,
    returning: v.boolean(),
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
  // It is also signed by the sharer, whose public keys the link commits to: link holders can read
  // it, only the sharer can write one a helper believes.
  v.variant('state', [
    v.object({
      type: v.literal('status'),
      state: v.literal('live'),
      sharerName: Name,
      iceServers: IceServers,
      iceTransportPolicy: v.picklist(['all', 'relay']),
      keys: SharerPublicKeys,
      sig: Signature,
    }),
    v.object({
      type: v.literal('status'),
      state: v.literal('ended'),
      keys: SharerPublicKeys,
      sig: Signature,
    }),
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

export type StatusMessage = Extract<SignalMessage, { type: 'status' }>;
export type UnsignedStatus = StatusMessage extends infer S
  ? S extends unknown
    ? Omit<S, 'sig'>
    : never
  : never;
/** What a live session's status record tells a helper before it offers. */
export type LiveStatus = Omit<Extract<StatusMessage, { state: 'live' }>, 'type' | 'state' | 'keys' | 'sig'>;

/**
 * The bytes a status record's signature covers: the session, then every field in a fixed order
 * (JSON key order is not something to sign). An `ended` record has no live fields.
 */
export function statusSigningBytes(sessionId: string, status: UnsignedStatus): Uint8Array<ArrayBuffer> {
  const live =
    status.state === 'live'
      ? [
          status.sharerName,
          status.iceServers.map((s) => [s.urls, s.username ?? null, s.credential ?? null]),
          status.iceTransportPolicy,
        ]
      : [];
  return new TextEncoder().encode(
    JSON.stringify([
      'lookover status v1',
      sessionId,
      status.state,
      status.keys.sign,
      status.keys.agree,
      ...live,
    ]),
  );
}
