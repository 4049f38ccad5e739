import { describe, expect, it } from 'vitest';
import { phrase } from '../../i18n/translate.ts';
import type { Quality } from '../rtc/quality.ts';
import { IDLE, nextSharerState, type SharerEvent, type SharerState, type Helper } from './sharer-state.ts';

const live: SharerState = {
  phase: 'live',
  mode: 'tab',
  link: 'http://h/#x',
  helpers: [],
  overlay: true,
  paused: false,
  annotations: true,
  since: 1_000,
  endsAt: null,
};
const ana: Helper = {
  id: 'ana',
  name: 'Ana',
  code: null,
  admitted: false,
  connection: 'connecting',
  route: null,
  problem: null,
  quality: null,
};
const fair: Quality = {
  route: 'direct',
  rttMs: 200,
  fps: 30,
  width: 1280,
  height: 720,
  kbps: 1500,
  lossPercent: 0,
  level: 'fair',
  hints: [phrase('quality.sharerSlow')],
};
const withAna: SharerState = { ...live, helpers: [ana] };
const withAnaAs = (patch: Partial<Helper>): SharerState => ({ ...live, helpers: [{ ...ana, ...patch }] });

describe('sharer state machine', () => {
  it.each<[string, SharerState, SharerEvent, SharerState]>([
    ['start', IDLE, { type: 'start', mode: 'tab' }, { phase: 'starting', mode: 'tab' }],
    [
      'start again after an end',
      { phase: 'ended', reason: 'stopped' },
      { type: 'start', mode: 'display' },
      { phase: 'starting', mode: 'display' },
    ],
    ['a second start while live is ignored', live, { type: 'start', mode: 'display' }, live],
    [
      'ready',
      { phase: 'starting', mode: 'tab' },
      { type: 'ready', link: 'http://h/#x', overlay: true, since: 1_000 },
      live,
    ],
    [
      'ready when not starting is ignored',
      IDLE,
      { type: 'ready', link: 'l', overlay: true, since: 1_000 },
      IDLE,
    ],
    [
      'capture fails',
      { phase: 'starting', mode: 'tab' },
      { type: 'failed', message: 'no' },
      { phase: 'error', message: 'no' },
    ],
    [
      'a helper asks to watch',
      live,
      { type: 'helper-joined', id: 'ana', name: 'Ana', admitted: false },
      withAna,
    ],
    [
      'a known helper comes back (reload)',
      live,
      { type: 'helper-joined', id: 'ana', name: 'Ana', admitted: true },
      withAnaAs({ admitted: true }),
    ],
    [
      'the same helper asks again',
      withAna,
      { type: 'helper-joined', id: 'ana', name: 'Ana', admitted: false },
      withAna,
    ],
    [
      'the code is known',
      withAna,
      { type: 'helper-code', id: 'ana', code: '123 456' },
      withAnaAs({ code: '123 456' }),
    ],
    ['the sharer allows', withAna, { type: 'helper-admitted', id: 'ana' }, withAnaAs({ admitted: true })],
    [
      'a helper connects',
      withAna,
      { type: 'helper-connection', id: 'ana', connection: 'connected' },
      withAnaAs({ connection: 'connected' }),
    ],
    [
      'the route is relayed',
      withAna,
      { type: 'helper-route', id: 'ana', route: 'relayed' },
      withAnaAs({ route: 'relayed' }),
    ],
    [
      'the connection is late, and why',
      withAna,
      { type: 'helper-problem', id: 'ana', problem: 'no-relay' },
      withAnaAs({ problem: 'no-relay' }),
    ],
    [
      'the quality is read',
      withAna,
      { type: 'helper-quality', id: 'ana', quality: fair },
      withAnaAs({ quality: fair }),
    ],
    ['the quality of someone gone', withAna, { type: 'helper-quality', id: 'bo', quality: fair }, withAna],
    ['a helper leaves', withAna, { type: 'helper-left', id: 'ana' }, live],
    ['pause', withAna, { type: 'paused', paused: true }, { ...withAna, paused: true } as SharerState],
    [
      'hide annotations',
      live,
      { type: 'annotations', visible: false },
      { ...live, annotations: false } as SharerState,
    ],
    ['helper events when idle are ignored', IDLE, { type: 'helper-admitted', id: 'x' }, IDLE],
    ['stop', withAna, { type: 'stopped', reason: 'stopped' }, { phase: 'ended', reason: 'stopped' }],
    [
      'the tab closes',
      live,
      { type: 'stopped', reason: 'tab-closed' },
      { phase: 'ended', reason: 'tab-closed' },
    ],
    ['stop when idle is ignored', IDLE, { type: 'stopped', reason: 'stopped' }, IDLE],
  ])('%s', (_name, state, event, expected) => {
    expect(nextSharerState(state, event)).toEqual(expected);
  });

  it('the same quality again is the same state: nothing to broadcast or render', () => {
    const state = withAnaAs({ quality: fair });
    const again = { ...fair, hints: [...fair.hints] };
    expect(nextSharerState(state, { type: 'helper-quality', id: 'ana', quality: again })).toBe(state);
  });
});
