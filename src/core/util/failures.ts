/**
 * Internal failures that nothing can be done about at the moment they happen (a stats read on a
 * closing connection, a send on a channel that just closed): each is counted by kind, shown in the
 * session stats, and logged the first time only, so a repeating one cannot flood the console.
 * After refined-github's `source/helpers/errors.ts`.
 */
export type FailureLog = ReturnType<typeof createFailureLog>;

export function createFailureLog(log: (message: string, error: unknown) => void = console.warn) {
  const counts = new Map<string, number>();
  const report = (kind: string, error: unknown) => {
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    if (count === 1) log(`Lookover: ${kind} failed (later ones are counted, not logged)`, error);
  };
  return {
    report,
    /** For a promise chain: `.catch(failures.as('replace-track'))`. */
    as: (kind: string) => (error: unknown) => report(kind, error),
    counts: (): Record<string, number> => Object.fromEntries(counts),
  };
}

/** The one log of this context (the offscreen document, the helper page). */
export const failures = createFailureLog();
