import { describe, expect, it } from 'vitest';
import {
  admit,
  decideJoin,
  isAdmitted,
  lapsed,
  NO_ONE,
  release,
  type Admission,
  type AdmissionRules,
  type JoinVerdict,
} from './admission.ts';

const RULES: AdmissionRules = { maxHelpers: 2, requestTimeoutMs: 1000, rejoinWindowMs: 5000 };

/** Runs joins and the sharer's decisions in order, returning the last verdict and the admission. */
function run(steps: Step[]): { admission: Admission; verdicts: JoinVerdict['type'][] } {
  let admission = NO_ONE;
  const verdicts: JoinVerdict['type'][] = [];
  for (const step of steps) {
    if (step[0] === 'join') {
      const result = decideJoin(admission, { id: step[1], resume: step[2] }, RULES, step[3]);
      admission = result.admission;
      verdicts.push(result.verdict.type);
    } else if (step[0] === 'admit') admission = admit(admission, step[1]) ?? admission;
    else admission = release(admission, step[1], step[2]);
  }
  return { admission, verdicts };
}
type Step = ['join', string, string, number] | ['admit', string] | ['release', string, number];

describe('admission', () => {
  it.each<[string, Step[], JoinVerdict['type'][], string[]]>([
    ['a new helper is asked about', [['join', 'a', 'ra', 0]], ['ask'], ['a']],
    [
      'a repeated join keeps its one seat',
      [
        ['join', 'a', 'ra', 0],
        ['join', 'a', 'ra', 10],
      ],
      ['ask', 'repeat'],
      ['a'],
    ],
    [
      'two joins racing for the last seat: only one gets it, before either is answered',
      [
        ['join', 'a', 'ra', 0],
        ['join', 'b', 'rb', 1],
        ['join', 'c', 'rc', 2],
      ],
      ['ask', 'ask', 'full'],
      ['a', 'b'],
    ],
    [
      'a request waiting counts against the cap like a helper let in',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
        ['join', 'b', 'rb', 1],
        ['join', 'c', 'rc', 2],
      ],
      ['ask', 'ask', 'full'],
      ['a', 'b'],
    ],
    [
      'a seat freed lets the next one ask',
      [
        ['join', 'a', 'ra', 0],
        ['join', 'b', 'rb', 1],
        ['release', 'b', 2],
        ['join', 'c', 'rc', 3],
      ],
      ['ask', 'ask', 'ask'],
      ['a', 'c'],
    ],
    [
      'a helper let in who reloads takes its own seat back without asking, even at the cap',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
        ['join', 'b', 'rb', 1],
        ['join', 'a2', 'ra', 2],
      ],
      ['ask', 'ask', 'let-in'],
      ['b', 'a2'],
    ],
    [
      'a helper let in who left comes back within the window without asking',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
        ['release', 'a', 100],
        ['join', 'a2', 'ra', 4000],
      ],
      ['ask', 'let-in'],
      ['a2'],
    ],
    [
      'after the window the same person asks again',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
        ['release', 'a', 100],
        ['join', 'a2', 'ra', 5100],
      ],
      ['ask', 'ask'],
      ['a2'],
    ],
    [
      'a helper never let in is asked about again after a reload',
      [
        ['join', 'a', 'ra', 0],
        ['release', 'a', 10],
        ['join', 'a2', 'ra', 20],
      ],
      ['ask', 'ask'],
      ['a2'],
    ],
  ])('%s', (_, steps, verdicts, seats) => {
    const result = run(steps);
    expect(result.verdicts).toEqual(verdicts);
    expect(result.admission.seats.map((seat) => seat.id)).toEqual(seats);
  });

  it('reports the replaced seat of a returning helper', () => {
    const { admission } = run([
      ['join', 'a', 'ra', 0],
      ['admit', 'a'],
    ]);
    expect(decideJoin(admission, { id: 'a2', resume: 'ra' }, RULES, 1).verdict).toEqual({
      type: 'let-in',
      replaces: 'a',
    });
  });

  it.each<[string, Step[], string, boolean]>([
    ['waiting is not admitted', [['join', 'a', 'ra', 0]], 'a', false],
    [
      'Allow admits',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
      ],
      'a',
      true,
    ],
    [
      'a returning helper is admitted at once',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
        ['join', 'b', 'ra', 1],
      ],
      'b',
      true,
    ],
    [
      'someone released is not admitted',
      [
        ['join', 'a', 'ra', 0],
        ['admit', 'a'],
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
  ])('Allow refuses %s', (_, id) => {
    const { admission } = run([
      ['join', 'a', 'ra', 0],
      ['admit', 'a'],
    ]);
    expect(admit(admission, id)).toBeNull();
  });

  it('lapses requests left unanswered for the timeout, never helpers let in', () => {
    const { admission } = run([
      ['join', 'a', 'ra', 0],
      ['join', 'b', 'rb', 500],
      ['admit', 'a'],
    ]);
    expect(lapsed(admission, RULES, 999)).toEqual([]);
    expect(lapsed(admission, RULES, 1500)).toEqual(['b']);
    expect(lapsed(admission, RULES, 10_000)).toEqual(['b']);
  });
});
