import { describe, expect, it } from 'vitest';
import {
  admit,
  decideJoin,
  forgetExpired,
  isAdmitted,
  lapsed,
  NO_ONE,
  presentTicket,
  release,
  ticketWaitOver,
  type Admission,
  type AdmissionRules,
} from './admission.ts';

const RULES: AdmissionRules = {
  maxHelpers: 2,
  requestTimeoutMs: 1000,
  rejoinWindowMs: 5000,
  ticketWaitMs: 300,
};

type Step =
  | ['join', string, number]
  | ['join returning', string, number]
  | ['admit', string, string]
  | ['ticket', string, string, number]
  | ['wait over', string, number]
  | ['release', string, number]
  | ['remove', string, number];

/** Runs joins, tickets and the sharer's decisions in order, returning each verdict and the admission. */
function run(steps: Step[]): { admission: Admission; verdicts: string[] } {
  let admission = NO_ONE;
  const verdicts: string[] = [];
  for (const step of steps) {
    if (step[0] === 'join' || step[0] === 'join returning') {
      const result = decideJoin(admission, { id: step[1], returning: step[0] !== 'join' }, RULES, step[2]);
      admission = result.admission;
      verdicts.push(result.verdict.type);
    } else if (step[0] === 'admit') admission = admit(admission, step[1], step[2]) ?? admission;
    else if (step[0] === 'ticket' || step[0] === 'wait over') {
      const result =
        step[0] === 'ticket'
          ? presentTicket(admission, step[1], step[2], `fresh-${step[1]}`, RULES, step[3])
          : ticketWaitOver(admission, step[1], RULES, step[2]);
      if (result) admission = result.admission;
      verdicts.push(
        result === null
          ? 'nothing'
          : result.verdict.type === 'let-in'
            ? `let-in replacing ${result.verdict.replaces}`
            : result.verdict.type,
      );
    } else admission = release(admission, step[1], step[2], step[0] === 'remove');
  }
  return { admission, verdicts };
}

const seats = (admission: Admission) =>
  admission.seats.map(
    (seat) => `${seat.id}${seat.admitted ? ' in' : ''}${seat.awaitingTicket ? ' waiting' : ''}`,
  );

describe('admission', () => {
  it.each<[string, Step[], string[], string[]]>([
    ['a new helper is asked about', [['join', 'a', 0]], ['ask'], ['a']],
    [
      'a repeated join keeps its one seat',
      [
        ['join', 'a', 0],
        ['join', 'a', 10],
      ],
      ['ask', 'repeat'],
      ['a'],
    ],
    [
      'two joins racing for the last seat: only one gets it, before either is answered',
      [
        ['join', 'a', 0],
        ['join', 'b', 1],
        ['join', 'c', 2],
      ],
      ['ask', 'ask', 'full'],
      ['a', 'b'],
    ],
    [
      'a request waiting counts against the cap like a helper let in',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['join', 'b', 1],
        ['join', 'c', 2],
      ],
      ['ask', 'ask', 'full'],
      ['a in', 'b'],
    ],
    [
      'a seat freed lets the next one ask',
      [
        ['join', 'a', 0],
        ['join', 'b', 1],
        ['release', 'b', 2],
        ['join', 'c', 3],
      ],
      ['ask', 'ask', 'ask'],
      ['a', 'c'],
    ],
    [
      'a helper let in who reloads shows its ticket and takes its own seat back, even at the cap',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['join', 'b', 1],
        ['join returning', 'a2', 2],
        ['ticket', 'a2', 'ta', 3],
      ],
      ['ask', 'ask', 'await-ticket', 'let-in replacing a'],
      ['b', 'a2 in'],
    ],
    [
      'a helper let in who left comes back within the window without asking',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['release', 'a', 100],
        ['join returning', 'a2', 4000],
        ['ticket', 'a2', 'ta', 4000],
      ],
      ['ask', 'await-ticket', 'let-in replacing null'],
      ['a2 in'],
    ],
    [
      'after the window the ticket is no good: the same person asks again',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['release', 'a', 100],
        ['join returning', 'a2', 5100],
        ['ticket', 'a2', 'ta', 5100],
      ],
      ['ask', 'await-ticket', 'ask'],
      ['a2'],
    ],
    [
      'a made-up ticket is a new request, never a way in',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['join returning', 'm', 1],
        ['ticket', 'm', 'guess', 2],
      ],
      ['ask', 'await-ticket', 'ask'],
      ['a in', 'm'],
    ],
    [
      'a ticket is good once: the fresh one replaces it',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['join returning', 'a2', 1],
        ['ticket', 'a2', 'ta', 2],
        ['join returning', 'a3', 3],
        ['ticket', 'a3', 'ta', 4],
      ],
      ['ask', 'await-ticket', 'let-in replacing a', 'await-ticket', 'ask'],
      ['a2 in', 'a3'],
    ],
    [
      'the fresh ticket works for the next reload',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['join returning', 'a2', 1],
        ['ticket', 'a2', 'ta', 2],
        ['join returning', 'a3', 3],
        ['ticket', 'a3', 'fresh-a2', 4],
      ],
      ['ask', 'await-ticket', 'let-in replacing a', 'await-ticket', 'let-in replacing a2'],
      ['a3 in'],
    ],
    [
      'a helper the sharer removed cannot come back on its ticket',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['remove', 'a', 10],
        ['join returning', 'a2', 20],
        ['ticket', 'a2', 'ta', 30],
      ],
      ['ask', 'await-ticket', 'ask'],
      ['a2'],
    ],
    [
      'saying "returning" at the cap waits outside it, then is full without a ticket',
      [
        ['join', 'a', 0],
        ['join', 'b', 1],
        ['join returning', 'm', 2],
        ['wait over', 'm', 400],
      ],
      ['ask', 'ask', 'await-ticket', 'full'],
      ['a', 'b'],
    ],
    [
      'saying "returning" with room left becomes an ordinary request when no ticket comes',
      [
        ['join returning', 'm', 0],
        ['wait over', 'm', 400],
      ],
      ['await-ticket', 'ask'],
      ['m'],
    ],
    [
      'no more may wait on a ticket than the share has seats',
      [
        ['join returning', 'm1', 0],
        ['join returning', 'm2', 0],
        ['join returning', 'm3', 0],
      ],
      ['await-ticket', 'await-ticket', 'ask'],
      ['m1 waiting', 'm2 waiting', 'm3'],
    ],
    [
      'a ticket for someone who never asked to wait changes nothing',
      [
        ['join', 'a', 0],
        ['ticket', 'a', 'ta', 1],
      ],
      ['ask', 'nothing'],
      ['a'],
    ],
  ])('%s', (_, steps, verdicts, expected) => {
    const result = run(steps);
    expect(result.verdicts).toEqual(verdicts);
    expect(seats(result.admission)).toEqual(expected);
  });

  it.each<[string, Step[], string, boolean]>([
    ['waiting is not admitted', [['join', 'a', 0]], 'a', false],
    [
      'Allow admits',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
      ],
      'a',
      true,
    ],
    ['waiting on a ticket is not admitted', [['join returning', 'a', 0]], 'a', false],
    [
      'someone released is not admitted',
      [
        ['join', 'a', 0],
        ['admit', 'a', 'ta'],
        ['release', 'a', 1],
      ],
      'a',
      false,
    ],
  ])('%s', (_, steps, id, expected) => {
    expect(isAdmitted(run(steps).admission, id)).toBe(expected);
  });

  it.each<[string, string]>([
    ['no such request', 'x'],
    ['already admitted', 'a'],
    ['one still waiting on its ticket', 'w'],
  ])('Allow refuses %s', (_, id) => {
    const { admission } = run([
      ['join', 'a', 0],
      ['admit', 'a', 'ta'],
      ['join returning', 'w', 1],
    ]);
    expect(admit(admission, id, 't')).toBeNull();
  });

  it('lapses requests left unanswered for the timeout, never helpers let in or waiting on a ticket', () => {
    const { admission } = run([
      ['join', 'a', 0],
      ['join', 'b', 500],
      ['admit', 'a', 'ta'],
      ['join returning', 'w', 0],
    ]);
    expect(lapsed(admission, RULES, 999)).toEqual([]);
    expect(lapsed(admission, RULES, 1500)).toEqual(['b']);
  });

  it('forgets the tickets of helpers gone longer than the window', () => {
    const { admission } = run([
      ['join', 'a', 0],
      ['admit', 'a', 'ta'],
      ['release', 'a', 100],
    ]);
    expect(forgetExpired(admission, RULES, 1000).letIn).toHaveLength(1);
    expect(forgetExpired(admission, RULES, 5200).letIn).toHaveLength(0);
  });
});
