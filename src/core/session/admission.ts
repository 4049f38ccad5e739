/**
 * Who holds a seat in a share, as a pure reducer: the sharer approves every helper, a share has at
 * most `maxHelpers` seats, a request lapses after `requestTimeoutMs`, and a helper who was let in and
 * comes back within `rejoinWindowMs` (a reload) is let in again without asking.
 *
 * A seat is taken the moment a join is accepted, before its answer is even built: the cap counts
 * seats, so two joins racing for the last seat cannot both get it.
 * (docs/decisions/0004-sharer-approves-every-helper.md)
 */
export interface AdmissionRules {
  maxHelpers: number;
  requestTimeoutMs: number;
  rejoinWindowMs: number;
}

/** Both two minutes: long enough to notice a request, or to reload a page; docs/decisions/0004. */
export const DEFAULT_RULES: Omit<AdmissionRules, 'maxHelpers'> = {
  requestTimeoutMs: 120_000,
  rejoinWindowMs: 120_000,
};

export interface Seat {
  id: string;
  /** The helper's resume secret: the same person across reloads. */
  resume: string;
  admitted: boolean;
  /** When the request was made (the rules' clock). */
  askedAt: number;
}

/** Someone let in before: `leftAt` is null while they still hold their seat. */
interface LetIn {
  resume: string;
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
  /** Someone let in before, back within the window: in without asking; `replaces` is their old seat. */
  | { type: 'let-in'; replaces: string | null };

export interface Join {
  id: string;
  resume: string;
}

export function decideJoin(
  admission: Admission,
  join: Join,
  rules: AdmissionRules,
  now: number,
): { admission: Admission; verdict: JoinVerdict } {
  if (admission.seats.some((seat) => seat.id === join.id)) return { admission, verdict: { type: 'repeat' } };
  const letIn = admission.letIn.filter(
    (entry) => entry.leftAt === null || now - entry.leftAt < rules.rejoinWindowMs,
  );
  const known = letIn.find((entry) => entry.resume === join.resume);
  // The same person reloading: their old page is gone, so its seat goes to the new one.
  const replaces = known && admission.seats.some((seat) => seat.id === known.id) ? known.id : null;
  const seats = admission.seats.filter((seat) => seat.id !== replaces);
  if (seats.length >= rules.maxHelpers) return { admission, verdict: { type: 'full' } };
  const seat: Seat = { id: join.id, resume: join.resume, admitted: known !== undefined, askedAt: now };
  const next: Admission = {
    seats: [...seats, seat],
    letIn: known
      ? letIn.map((entry) => (entry === known ? { ...entry, id: join.id, leftAt: null } : entry))
      : letIn,
  };
  return { admission: next, verdict: known ? { type: 'let-in', replaces } : { type: 'ask' } };
}

/** The sharer's Allow; `null` when there is no such request waiting (already in, gone, never asked). */
export function admit(admission: Admission, id: string): Admission | null {
  const seat = admission.seats.find((s) => s.id === id);
  if (!seat || seat.admitted) return null;
  return {
    seats: admission.seats.map((s) => (s === seat ? { ...s, admitted: true } : s)),
    letIn: [
      ...admission.letIn.filter((entry) => entry.resume !== seat.resume),
      { resume: seat.resume, id, leftAt: null },
    ],
  };
}

/** A helper is gone (left, denied, removed, lapsed, lost): its seat frees, a let-in one may return. */
export function release(admission: Admission, id: string, now: number): Admission {
  if (!admission.seats.some((seat) => seat.id === id)) return admission;
  return {
    seats: admission.seats.filter((seat) => seat.id !== id),
    letIn: admission.letIn.map((entry) =>
      entry.id === id && entry.leftAt === null ? { ...entry, leftAt: now } : entry,
    ),
  };
}

export const seatOf = (admission: Admission, id: string): Seat | undefined =>
  admission.seats.find((seat) => seat.id === id);

export const isAdmitted = (admission: Admission, id: string): boolean =>
  seatOf(admission, id)?.admitted === true;

/** Requests the sharer has not answered in time. */
export const lapsed = (admission: Admission, rules: AdmissionRules, now: number): string[] =>
  admission.seats
    .filter((seat) => !seat.admitted && now - seat.askedAt >= rules.requestTimeoutMs)
    .map((seat) => seat.id);
