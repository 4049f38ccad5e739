/**
 * Who holds a seat in a share, as a pure reducer: the sharer approves every helper, a share has at
 * most `maxHelpers` seats, a request lapses after `requestTimeoutMs`, and a helper who was let in
 * and comes back within `rejoinWindowMs` (a reload) is let in again without asking, on the ticket
 * the sharer gave it after Allow.
 *
 * A seat is taken the moment a join is accepted, before its answer is even built: the cap counts
 * seats, so two joins racing for the last seat cannot both get it. A join that says it holds a
 * ticket waits `ticketWaitMs` for it on a seat of its own, outside the cap and not shown to the
 * sharer: the ticket travels over the new peer link only, which a link holder cannot read or forge,
 * so saying "returning" gets nobody anything but that wait
 * (docs/decisions/0004-sharer-approves-every-helper.md,
 * docs/decisions/0017-each-party-its-own-keys.md).
 */
export interface AdmissionRules {
  maxHelpers: number;
  requestTimeoutMs: number;
  rejoinWindowMs: number;
  ticketWaitMs: number;
}

/** Two minutes to notice a request or to reload a page; ten seconds for a ticket to arrive. */
export const DEFAULT_RULES: Omit<AdmissionRules, 'maxHelpers'> = {
  requestTimeoutMs: 120_000,
  rejoinWindowMs: 120_000,
  ticketWaitMs: 10_000,
};

export interface Seat {
  id: string;
  admitted: boolean;
  /** It joined saying it holds a ticket, which has not come yet: not shown, not counted. */
  awaitingTicket: boolean;
  /** When the request was made, or its ticket wait ended (the rules' clock). */
  askedAt: number;
}

/** Someone let in: the ticket they may come back with. `leftAt` is null while they hold their seat. */
interface LetIn {
  ticket: string;
  id: string;
  leftAt: number | null;
}

export interface Admission {
  readonly seats: readonly Seat[];
  readonly letIn: readonly LetIn[];
}

export const NO_ONE: Admission = { seats: [], letIn: [] };

export type JoinVerdict =
  /** A join this share already holds a seat for (the helper repeats its join until answered). */
  | { type: 'repeat' }
  | { type: 'full' }
  /** A new request: the sharer decides. */
  | { type: 'ask' }
  /** It says it holds a ticket: wait for it, over the peer link. */
  | { type: 'await-ticket' };

export type TicketVerdict =
  /** In without asking; `replaces` is the seat the same person held before the reload. */
  | { type: 'let-in'; replaces: string | null }
  /** No such ticket (forged, used, expired): the join is a new request after all, or full. */
  | { type: 'ask' }
  | { type: 'full' };

export interface Join {
  id: string;
  returning: boolean;
}

const counted = (seats: readonly Seat[]) => seats.filter((seat) => !seat.awaitingTicket);

export function decideJoin(
  admission: Admission,
  join: Join,
  rules: AdmissionRules,
  now: number,
): { admission: Admission; verdict: JoinVerdict } {
  if (admission.seats.some((seat) => seat.id === join.id)) return { admission, verdict: { type: 'repeat' } };
  const waiting = admission.seats.length - counted(admission.seats).length;
  // As many may wait on a ticket as the share has seats; beyond that, "returning" is not believed.
  const awaitTicket = join.returning && waiting < rules.maxHelpers;
  if (!awaitTicket && counted(admission.seats).length >= rules.maxHelpers) {
    return { admission, verdict: { type: 'full' } };
  }
  const seat: Seat = { id: join.id, admitted: false, awaitingTicket: awaitTicket, askedAt: now };
  return {
    admission: { ...admission, seats: [...admission.seats, seat] },
    verdict: awaitTicket ? { type: 'await-ticket' } : { type: 'ask' },
  };
}

/** The ticket wait is over without one: ask the sharer if there is room, else the share is full. */
function asNewRequest(
  admission: Admission,
  id: string,
  rules: AdmissionRules,
  now: number,
): { admission: Admission; verdict: TicketVerdict } {
  const others = counted(admission.seats).filter((seat) => seat.id !== id);
  if (others.length >= rules.maxHelpers) {
    return {
      admission: { ...admission, seats: admission.seats.filter((s) => s.id !== id) },
      verdict: { type: 'full' },
    };
  }
  return {
    admission: {
      ...admission,
      seats: admission.seats.map((s) => (s.id === id ? { ...s, awaitingTicket: false, askedAt: now } : s)),
    },
    verdict: { type: 'ask' },
  };
}

/**
 * A ticket shown over the peer link by the helper holding seat `id`. A good one is used up and
 * `fresh` replaces it for the next reload. `null` when there is no seat waiting on one.
 */
export function presentTicket(
  admission: Admission,
  id: string,
  ticket: string,
  fresh: string,
  rules: AdmissionRules,
  now: number,
): { admission: Admission; verdict: TicketVerdict } | null {
  const seat = admission.seats.find((s) => s.id === id);
  if (!seat?.awaitingTicket) return null;
  const known = admission.letIn.find(
    (entry) =>
      entry.ticket === ticket && (entry.leftAt === null || now - entry.leftAt < rules.rejoinWindowMs),
  );
  if (!known) return asNewRequest(admission, id, rules, now);
  // The same person reloading: their old page is gone, so its seat goes to the new one.
  const replaces = known.id !== id && admission.seats.some((s) => s.id === known.id) ? known.id : null;
  const seats = admission.seats.filter((s) => s.id !== replaces);
  if (counted(seats).length >= rules.maxHelpers) return asNewRequest(admission, id, rules, now);
  return {
    admission: {
      seats: seats.map((s) => (s.id === id ? { ...s, admitted: true, awaitingTicket: false } : s)),
      letIn: [...admission.letIn.filter((entry) => entry !== known), { ticket: fresh, id, leftAt: null }],
    },
    verdict: { type: 'let-in', replaces },
  };
}

/** No ticket came in time. `null` when the seat is not waiting on one. */
export function ticketWaitOver(
  admission: Admission,
  id: string,
  rules: AdmissionRules,
  now: number,
): { admission: Admission; verdict: TicketVerdict } | null {
  if (!admission.seats.find((s) => s.id === id)?.awaitingTicket) return null;
  return asNewRequest(admission, id, rules, now);
}

/**
 * The sharer's Allow, with the ticket the helper may come back with; `null` when there is no such
 * request waiting (already in, gone, never asked, still waiting on a ticket).
 */
export function admit(admission: Admission, id: string, ticket: string): Admission | null {
  const seat = admission.seats.find((s) => s.id === id);
  if (!seat || seat.admitted || seat.awaitingTicket) return null;
  return {
    seats: admission.seats.map((s) => (s === seat ? { ...s, admitted: true } : s)),
    letIn: [...admission.letIn.filter((entry) => entry.id !== id), { ticket, id, leftAt: null }],
  };
}

/**
 * A helper is gone (left, denied, lapsed, lost): its seat frees, and one let in may return within
 * the window. One the sharer removed may not: `revoke` takes its ticket back.
 */
export function release(admission: Admission, id: string, now: number, revoke = false): Admission {
  if (!admission.seats.some((seat) => seat.id === id)) return admission;
  return {
    seats: admission.seats.filter((seat) => seat.id !== id),
    letIn: revoke
      ? admission.letIn.filter((entry) => entry.id !== id)
      : admission.letIn.map((entry) =>
          entry.id === id && entry.leftAt === null ? { ...entry, leftAt: now } : entry,
        ),
  };
}

/** Tickets of helpers gone longer than the window are of no more use. */
export const forgetExpired = (admission: Admission, rules: AdmissionRules, now: number): Admission => ({
  ...admission,
  letIn: admission.letIn.filter(
    (entry) => entry.leftAt === null || now - entry.leftAt < rules.rejoinWindowMs,
  ),
});

export const seatOf = (admission: Admission, id: string): Seat | undefined =>
  admission.seats.find((seat) => seat.id === id);

export const isAdmitted = (admission: Admission, id: string): boolean =>
  seatOf(admission, id)?.admitted === true;

/** Requests the sharer has not answered in time. */
export const lapsed = (admission: Admission, rules: AdmissionRules, now: number): string[] =>
  admission.seats
    .filter((seat) => !seat.admitted && !seat.awaitingTicket && now - seat.askedAt >= rules.requestTimeoutMs)
    .map((seat) => seat.id);
