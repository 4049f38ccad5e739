import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionLink, formatLink } from '../core/protocol/link.ts';
import { startEarlyPeer, takeEarlyPeer } from './helper-peer.ts';

/** Just enough of a peer connection to be created, offered and closed, in Node. */
class FakePeerConnection {
  static made: FakePeerConnection[] = [];
  closed = false;
  iceGatheringState = 'complete';
  localDescription = { sdp: 'v=0\r\n' };
  constructor(readonly config: RTCConfiguration) {
    FakePeerConnection.made.push(this);
  }
  createDataChannel = (label: string) => ({ label });
  setLocalDescription = () => Promise.resolve();
  addEventListener() {}
  removeEventListener() {}
  close() {
    this.closed = true;
  }
}

describe('the early peer', () => {
  beforeEach(() => {
    FakePeerConnection.made = [];
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  });
  afterEach(() => {
    takeEarlyPeer('');
    vi.unstubAllGlobals();
  });

  const plain = createSessionLink('ws://x/mqtt', 'AAAAAAAAAAAAAAAAAAAAAA');
  const href = formatLink('http://h/', plain);

  it('is made for a link with no ICE servers, and taken once by that session', () => {
    startEarlyPeer(href);
    expect(FakePeerConnection.made).toHaveLength(1);
    expect(takeEarlyPeer(plain.sessionId)?.pc).toBe(FakePeerConnection.made[0]);
    expect(takeEarlyPeer(plain.sessionId)).toBeNull();
  });

  it('is closed, not handed over, when another session asks (the link changed)', () => {
    startEarlyPeer(href);
    expect(takeEarlyPeer(createSessionLink('ws://x/mqtt', 'AAAAAAAAAAAAAAAAAAAAAA').sessionId)).toBeNull();
    expect(FakePeerConnection.made[0]?.closed).toBe(true);
  });

  it.each([
    ['a broken link', 'http://h/#v=2&s=nope'],
    [
      'a link whose sharer set ICE servers',
      formatLink('http://h/', createSessionLink('ws://x/mqtt', 'AAAAAAAAAAAAAAAAAAAAAA', true)),
    ],
    ['no link at all', 'http://h/'],
  ])('is not made for %s', (_, link) => {
    startEarlyPeer(link);
    expect(FakePeerConnection.made).toHaveLength(0);
  });

  it('is not made where there is no WebRTC', () => {
    vi.stubGlobal('RTCPeerConnection', undefined);
    expect(() => startEarlyPeer(href)).not.toThrow();
    expect(takeEarlyPeer(plain.sessionId)).toBeNull();
  });
});
