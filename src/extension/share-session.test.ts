import { afterEach, describe, expect, it, vi } from 'vitest';
import { startShare } from '../../test/support/fake-share.ts';
import { createMemoryHub } from '../../test/support/memory-hub.ts';
import type { SharerState } from '../core/session/sharer-state.ts';

describe('the share session', () => {
  afterEach(() => vi.useRealTimers());

  it("connects to the broker for its link's session (a broker may confine the connection to it)", async () => {
    const hub = createMemoryHub();
    const asked: (string | undefined)[][] = [];
    const share = await startShare({
      brokerUrl: 'ws://broker.example/mqtt',
      connect: (brokerUrl, sessionId) => (asked.push([brokerUrl, sessionId]), Promise.resolve(hub.connect())),
    });
    expect(asked).toEqual([['ws://broker.example/mqtt', share.link.sessionId]]);
  });

  it('lets in no more than the cap when joins race within the answer wait', async () => {
    const share = await startShare({ maxHelpers: 1, answerDelayMs: 50 });
    const ana = await share.helper('Ana');
    const bo = await share.helper('Bo');
    await Promise.all([ana.join(), bo.join()]);
    await vi.waitFor(() => expect(ana.heard.denied.length + bo.heard.denied.length).toBe(1));
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    const [first, second] = ana.heard.denied.length === 0 ? [ana, bo] : [bo, ana];
    expect(second.heard.denied).toEqual(['full']);
    expect(second.peer()).toBeUndefined();
    expect(share.helpers().map((h) => h.id)).toEqual([first.id]);
  });

  it('admits while paused without ever showing the picture', async () => {
    const share = await startShare();
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    share.controller.setPaused(true);
    share.controller.admit(ana.id);
    await vi.waitFor(() => expect(ana.heard.admitted).toBe(1));
    expect(ana.peer()?.record.video).not.toContain(true);
    expect(ana.peer()?.record.paused).toEqual([true]);
    share.controller.setPaused(false);
    expect(ana.peer()?.record.video.at(-1)).toBe(true);
  });

  it('shows the picture only after Allow', async () => {
    const share = await startShare();
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    expect(ana.peer()?.record.video).not.toContain(true);
    share.controller.admit(ana.id);
    expect(ana.peer()?.record.video).toEqual([true]);
  });

  it('closes a helper whose picture could not be hidden on Pause', async () => {
    const share = await startShare({ failToHide: true });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    share.controller.admit(ana.id);
    share.controller.setPaused(true);
    await vi.waitFor(() => expect(ana.peer()?.record.closed).not.toBeNull());
    expect(share.helpers()).toEqual([]);
    expect(share.failures.counts()['hide-video']).toBe(1);
  });

  it('removes a helper during negotiation: its link closes and its late answer changes nothing', async () => {
    const share = await startShare({ answerDelayMs: 100 });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(ana.peer()).toBeDefined());
    share.controller.remove(ana.id);
    // Not announced yet, so not in the popup either; the remove still takes its link down.
    await vi.waitFor(() => expect(ana.peer()?.record.closed).toEqual({ reason: 'removed' }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(share.helpers()).toEqual([]);
    expect(ana.heard.denied).toEqual(['removed']);
  });

  it('stops during a join: the link closes, the helper hears the end, capture is released', async () => {
    const share = await startShare({ answerDelayMs: 100 });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(ana.peer()).toBeDefined());
    await share.controller.stop('stopped');
    expect(share.controller.getState()).toEqual({ phase: 'ended', reason: 'stopped' });
    expect(ana.peer()?.record.closed).toEqual({ reason: 'end' });
    expect(share.capture.stopped).toBe(1);
    await vi.waitFor(() => expect(ana.heard.ended).toBeGreaterThan(0));
  });

  it('lets a request lapse after the timeout and frees its seat', async () => {
    const share = await startShare({ maxHelpers: 1 });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(ana.heard.denied).toEqual(['timeout']), { timeout: 2000 });
    expect(share.helpers()).toEqual([]);
    const bo = await share.helper('Bo');
    await bo.join();
    await vi.waitFor(() => expect(share.helpers().map((h) => h.name)).toEqual(['Bo']));
  });

  it('lets a helper who reloads back in without asking, in the seat it had', async () => {
    const share = await startShare({ maxHelpers: 1 });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    share.controller.admit(ana.id);
    const [ticket] = ana.peer()?.record.tickets ?? [];
    if (ticket === undefined) throw new Error('no ticket given after Allow');
    const again = await share.helper('Ana', true);
    await again.join();
    await vi.waitFor(() => expect(again.peer()?.record.handlers).toBeDefined());
    // The ticket comes over the new peer link, never the broker.
    again.peer()?.record.handlers?.onRejoin(ticket);
    await vi.waitFor(() => expect(again.heard.admitted).toBe(1));
    expect(again.peer()?.record.tickets).toHaveLength(1);
    expect(again.peer()?.record.tickets[0]).not.toBe(ticket);
    expect(share.helpers().map((h) => [h.id, h.admitted])).toEqual([[again.id, true]]);
    expect(ana.peer()?.record.closed).not.toBeNull();
  });

  it('answers a repeated join again on the same link', async () => {
    const share = await startShare();
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(ana.heard.answers).toBe(1));
    await ana.join();
    await vi.waitFor(() => expect(ana.heard.answers).toBe(2));
    expect(share.made.filter((fake) => fake.record.offer !== null)).toHaveLength(1);
  });

  it('a share no one watches warns, then ends itself; someone joining in time keeps it', async () => {
    const share = await startShare({ endIdleAfterMs: 300 });
    const warned = () => share.controller.getState() as Extract<SharerState, { phase: 'live' }>;
    // Shorter than the minute's warning: it warns at once.
    await vi.waitFor(() => expect(warned().endsAt).not.toBeNull());
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(warned().endsAt).toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(share.controller.getState().phase).toBe('live');
    share.controller.deny(ana.id);
    await vi.waitFor(() => expect(share.controller.getState()).toEqual({ phase: 'ended', reason: 'idle' }));
    expect(share.capture.stopped).toBe(1);
  });

  it('"Keep sharing" starts the countdown over', async () => {
    const share = await startShare({ endIdleAfterMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    share.controller.keepSharing();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(share.controller.getState().phase).toBe('live');
    await vi.waitFor(() => expect(share.controller.getState()).toEqual({ phase: 'ended', reason: 'idle' }));
  });

  it('shows a helper’s connection quality, and says nothing when it has not changed', async () => {
    const share = await startShare();
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    const quality = {
      route: 'direct' as const,
      rttMs: 40,
      fps: 30,
      width: 1280,
      height: 720,
      kbps: 1200,
      lossPercent: 0,
      level: 'good' as const,
      hints: [],
    };
    ana.peer()?.record.handlers?.onQuality(quality);
    expect(share.helpers()[0]?.quality).toEqual(quality);
    const told = share.broadcasts.length;
    ana.peer()?.record.handlers?.onQuality({ ...quality });
    expect(share.broadcasts).toHaveLength(told);
    ana.peer()?.record.handlers?.onQuality({ ...quality, level: 'poor', rttMs: 900 });
    expect(share.broadcasts).toHaveLength(told + 1);
    expect(share.helpers()[0]?.quality?.level).toBe('poor');
  });

  it('a helper leaving frees its seat', async () => {
    const share = await startShare({ maxHelpers: 1 });
    const ana = await share.helper('Ana');
    await ana.join();
    await vi.waitFor(() => expect(share.helpers()).toHaveLength(1));
    await ana.leave();
    await vi.waitFor(() => expect(share.helpers()).toEqual([]));
    const bo = await share.helper('Bo');
    await bo.join();
    await vi.waitFor(() => expect(bo.heard.answers).toBe(1));
    expect(bo.heard.denied).toEqual([]);
  });

  it("hands helpers the Lookover server's STUN and TURN servers, sealed in the status record", async () => {
    const turn = { urls: 'turn:turn.example.org:3478', username: '1700000000:x', credential: 'c' };
    const asked: string[] = [];
    const share = await startShare({
      serverIce: (helperUrl) => (asked.push(helperUrl), Promise.resolve([turn])),
    });
    expect(asked).toEqual(['http://localhost:8787/']);
    // The link says the helper must wait for them before it offers.
    expect(share.link.customIce).toBe(true);
    const ana = await share.helper('Ana');
    await vi.waitFor(() => expect(ana.heard.lives).toHaveLength(1));
    expect(ana.heard.lives[0]?.iceServers).toEqual([turn]);
  });
});
