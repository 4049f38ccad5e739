import { expect, vi } from 'vitest';
import { parseLink } from '../../src/core/protocol/link.ts';
import type { DenyReason, IceServerConfig, LiveStatus } from '../../src/core/protocol/signal.ts';
import { defaultSettings } from '../../src/core/session/settings.ts';
import type { SharerState } from '../../src/core/session/sharer-state.ts';
import type { Transport } from '../../src/core/signaling/transport.ts';
import { createFailureLog } from '../../src/core/util/failures.ts';
import { createShareController, type StartCommand } from '../../src/extension/share-session.ts';
import { createFakePeerToHelper, type FakePeerToHelper } from './fake-peer-to-helper.ts';
import { createMemoryHub } from './memory-hub.ts';
import { startHelper } from './parties.ts';

/** Short enough for a test to see a request lapse. */
export const REQUEST_TIMEOUT_MS = 300;

/**
 * The real session controller with fake peers to helpers (no browser: no capture, no WebRTC), on
 * a broker of the caller's choosing (the in-memory hub by default), and helpers that speak the
 * real protocol through it.
 */
export async function startShare(
  options: {
    maxHelpers?: number;
    answerDelayMs?: number;
    failToHide?: boolean;
    serverIce?: (helperUrl: string) => Promise<IceServerConfig[]>;
    /** The sharer's connection is asked for with its broker and session; helpers' with neither. */
    connect?: (brokerUrl?: string, sessionId?: string) => Promise<Transport>;
    brokerUrl?: string;
    endIdleAfterMs?: number;
  } = {},
) {
  const hub = createMemoryHub();
  const connect = options.connect ?? (() => Promise.resolve(hub.connect()));
  const made: FakePeerToHelper[] = [];
  const capture = { stopped: 0, end: () => undefined as void };
  const failures = createFailureLog(() => undefined);
  /** Every state the popup would have been sent. */
  const broadcasts: SharerState[] = [];
  const controller = createShareController({
    broadcast: (state) => void broadcasts.push(state),
    capture: () =>
      Promise.resolve({
        stream: {} as MediaStream,
        width: 1280,
        height: 720,
        drawsOnTab: true,
        onEnded: (listener) => (capture.end = listener),
        soundPlayback: () => null,
        stop: () => void capture.stopped++,
      }),
    connect,
    createPeer() {
      const fake = createFakePeerToHelper(options);
      made.push(fake);
      return fake.peer;
    },
    failures,
    ...(options.serverIce ? { serverIce: options.serverIce } : {}),
    rules: { requestTimeoutMs: REQUEST_TIMEOUT_MS, rejoinWindowMs: 10_000 },
    ...(options.endIdleAfterMs !== undefined ? { endIdleAfterMs: options.endIdleAfterMs } : {}),
  });
  const settings = {
    ...defaultSettings('http://localhost:8787'),
    ...(options.brokerUrl ? { brokerUrl: options.brokerUrl } : {}),
    maxHelpers: options.maxHelpers ?? 3,
  };
  const command: StartCommand = {
    to: 'offscreen',
    type: 'start',
    mode: 'tab',
    tabId: 1,
    streamId: 'stream',
    viewport: null,
    settings,
    sound: false,
  };
  controller.start(command);
  await vi.waitFor(() => expect(controller.getState().phase).toBe('live'));
  const state = controller.getState() as Extract<SharerState, { phase: 'live' }>;
  const parsed = parseLink(state.link);
  if (!parsed.ok) throw new Error('the share made a broken link');
  const link = parsed.value;

  /** Someone with the link asking to watch, with keys of their own, through the real helper signaling. */
  async function helper(name: string, returning = false) {
    const heard = {
      answers: 0,
      admitted: 0,
      denied: [] as DenyReason[],
      ended: 0,
      lives: [] as LiveStatus[],
      forged: 0,
    };
    const { id, signaling, keys, channel } = await startHelper(await connect(), link, {
      onAnswer: () => void heard.answers++,
      onAdmit: () => void heard.admitted++,
      onDeny: (reason) => void heard.denied.push(reason),
      onEnd: () => void heard.ended++,
      onLive: (live) => void heard.lives.push(live),
      onForgedStatus: () => void heard.forged++,
    });
    const offer = `offer from ${name} (${id})`;
    return {
      id,
      keys,
      channel,
      heard,
      join: () => signaling.join(name, returning, offer),
      leave: () => signaling.leave(),
      /** This helper's peer on the sharer's side, once its join reached it. */
      peer: () => made.find((fake) => fake.record.offer === offer),
    };
  }
  const helpers = () => (controller.getState() as Extract<SharerState, { phase: 'live' }>).helpers ?? [];
  return { controller, helper, helpers, capture, failures, made, link, broadcasts };
}
