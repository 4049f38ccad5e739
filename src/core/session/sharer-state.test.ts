import { describe, expect, it } from 'vitest';
import { IDLE, nextSharerState, type SharerEvent, type SharerState } from './sharer-state.ts';

const live: SharerState = { phase: 'live', mode: 'tab', link: 'http://h/#x', viewers: [], overlay: true };
const withAna: SharerState = { ...live, viewers: [{ id: 'ana', name: 'Ana', connection: 'connecting' }] };

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
      { type: 'ready', link: 'http://h/#x', overlay: true },
      live,
    ],
    ['ready when not starting is ignored', IDLE, { type: 'ready', link: 'l', overlay: true }, IDLE],
    [
      'capture fails',
      { phase: 'starting', mode: 'tab' },
      { type: 'failed', message: 'no' },
      { phase: 'error', message: 'no' },
    ],
    ['a viewer joins', live, { type: 'viewer-joined', id: 'ana', name: 'Ana' }, withAna],
    ['the same viewer joins again', withAna, { type: 'viewer-joined', id: 'ana', name: 'Ana' }, withAna],
    [
      'a viewer connects',
      withAna,
      { type: 'viewer-connection', id: 'ana', connection: 'connected' },
      { ...live, viewers: [{ id: 'ana', name: 'Ana', connection: 'connected' }] },
    ],
    ['a viewer leaves', withAna, { type: 'viewer-left', id: 'ana' }, live],
    ['viewer events when idle are ignored', IDLE, { type: 'viewer-joined', id: 'x', name: 'X' }, IDLE],
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
});
