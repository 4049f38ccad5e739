import { describe, expect, it } from 'vitest';
import { parseControlMessage } from './control.ts';

describe('control messages', () => {
  it.each([
    ['{"t":"paused","paused":true}', { t: 'paused', paused: true }],
    ['{"t":"bye","reason":"removed"}', { t: 'bye', reason: 'removed' }],
    ['{"t":"bye","reason":"end"}', { t: 'bye', reason: 'end' }],
    ['{"t":"answer","sdp":"v=0"}', { t: 'answer', sdp: 'v=0' }],
    ['{"t":"ice","candidate":null}', { t: 'ice', candidate: null }],
  ])('accepts %s', (data, expected) => {
    expect(parseControlMessage(data)).toEqual(expected);
  });

  it.each([
    ['not JSON', '{'],
    ['paused not boolean', '{"t":"paused","paused":"yes"}'],
    ['unknown', '{"t":"admit"}'],
    ['unknown bye reason', '{"t":"bye","reason":"<b>"}'],
    ['huge SDP', JSON.stringify({ t: 'offer', sdp: 'x'.repeat(60_000) })],
    ['bad candidate', '{"t":"ice","candidate":{"candidate":1}}'],
    ['binary', new Uint8Array(4)],
  ])('drops %s', (_name, data) => {
    expect(parseControlMessage(data)).toBeNull();
  });
});
