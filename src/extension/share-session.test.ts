import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakePeerToHelper, type FakePeerToHelper } from '../../test/support/fake-peer-to-helper.ts';
import { createMemoryHub } from '../../test/support/memory-hub.ts';
import { startHelper } from '../../test/support/parties.ts';
import type { DenyReason } from '../core/protocol/signal.ts';
import { parseLink } from '../core/protocol/link.ts';
import { defaultSettings } from '../core/session/settings.ts';
import type { SharerState } from '../core/session/sharer-state.ts';
import { createFailureLog } from '../core/util/failures.ts';
import { createShareController, type StartCommand } from './share-session.ts';

const REQUEST_TIMEOUT_MS = 300;

/** A share on the in-memory hub with fake peers to helpers, and helpers that speak the real protocol. */
async function startShare(
  options: { maxHelpers?: number; answerDelayMs?: number; failToHide?: boolean } = {},
) {
  const hub = createMemoryHub();
  const made: FakePeerToHelper[] = [];
  const capture = { stopped: 0, end: () => undefined as void };
  const failures = createFailureLog(() => undefined);
  const controller = createShareController({
    broadcast: () => undefined,
    capture: () =>
      Promise.resolve({
        stream: {} as MediaStream,
        width: 1280,
        height: 720,
        drawsOnTab: true,
        onEnded: (listener) => (capture.end = listener),
        stop: () => void capture.stopped++,
      }),
    connect: () => Promise.resolve(hub.connect()),
    createPeer() {
      const fake = createFakePeerToHelper(options);
      made.push(fake);
      return fake.peer;
    },
    failures,
    rules: { requestTimeoutMs: REQUEST_TIMEOUT_MS, rejoinWindowMs: 10_000 },
  });
  const settings = { ...defaultSettings('http://localhost:8787'), maxHelpers: options.maxHelpers ?? 3 };
  const command: StartCommand = {
    to: 'offscreen',
    type: 'start',
    mode: 'tab',
    tabId: 1,
    streamId: 'stream',
    viewport: null,
    settings,
  };
  controller.start(command);
  await vi.waitFor(() => expect(controller.getState().phase).toBe('live'));
  const state = controller.getState() as Extract<SharerState, { phase: 'live' }>;
  const parsed = parseLink(state.link);
  if (!parsed.ok) throw new Error('the share made a broken link');
  const link = parsed.value;

  /** Someone with the link asking to watch, with keys of their own, through the real helper signaling. */
  async function helper(name: string, returning = false) {
    const heard = { answers: 0, admitted: 0, denied: [] as DenyReason[], ended: 0 };
    const { id, signaling } = await startHelper(hub.connect(), link, {
      onAnswer: () => void heard.answers++,
      onAdmit: () => void heard.admitted++,
      onDeny: (reason) => void heard.denied.push(reason),
      onEnd: () => void heard.ended++,
    });
    const offer = `offer from ${name} (${id})`;
    return {
      id,
      heard,
      join: () => signaling.join(name, returning, offer),
      leave: () => signaling.leave(),
      /** This helper's peer on the sharer's side, once its join reached it. */
      peer: () => made.find((fake) => fake.record.offer === offer),
    };
  }
  const helpers = () => (controller.getState() as Extract<SharerState, { phase: 'live' }>).helpers ?? [];
  return { controller, helper, helpers, capture, failures, made };
}

describe('the share session', () => {
  afterEach(() => vi.useRealTimers());

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
});
