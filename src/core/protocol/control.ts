import * as v from 'valibot';
import { parseJsonMessage } from './parse-json.ts';
import { Candidate, DenyReason, Sdp } from './signal.ts';

export const Ticket = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/));

/** An ICE-restart offer is the largest message here. */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

/**
 * The reliable, ordered `control` data channel. Once peers are connected, what the session still
 * needs to say travels here, peer to peer, so the broker is no longer needed
 * (docs/decisions/0005-peer-link-after-connect.md).
 */
export const ControlMessage = v.variant('t', [
  v.object({ t: v.literal('paused'), paused: v.boolean() }),
  // Why the sharer is closing this peer; sent just before the close so it arrives first.
  v.object({ t: v.literal('bye'), reason: v.union([DenyReason, v.literal('end')]) }),
  v.object({ t: v.literal('offer'), sdp: Sdp }),
  v.object({ t: v.literal('answer'), sdp: Sdp }),
  v.object({ t: v.literal('ice'), candidate: v.nullable(Candidate) }),
  // After Allow, the sharer gives the helper a ticket to come back with after a reload; the helper
  // shows it over the next peer link only, which only the two of them can read
  // (docs/decisions/0017-each-party-its-own-keys.md).
  v.object({ t: v.literal('ticket'), ticket: Ticket }),
  v.object({ t: v.literal('rejoin'), ticket: Ticket }),
]);
export type ControlMessage = v.InferOutput<typeof ControlMessage>;

export const parseControlMessage = (data: unknown): ControlMessage | null =>
  parseJsonMessage(ControlMessage, data, MAX_CONTROL_MESSAGE_BYTES);

export const encodeControlMessage = (msg: ControlMessage): string => JSON.stringify(msg);
