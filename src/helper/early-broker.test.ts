import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MqttOptions } from '../core/signaling/mqtt.ts';
import type { Transport } from '../core/signaling/transport.ts';

/** Each connectMqtt call: what the test lets it do, and the transport it hands out. */
interface Attempt {
  options: MqttOptions;
  transport: Transport & { closed: boolean };
  resolve(): void;
  reject(): void;
}
const attempts: Attempt[] = [];

vi.mock('../core/signaling/mqtt.ts', () => ({
  connectMqtt: (_url: string, options: MqttOptions = {}) =>
    new Promise<Transport>((resolve, reject) => {
      const transport = {
        closed: false,
        subscribe: () => () => undefined,
        publish: () => undefined,
        close() {
          transport.closed = true;
        },
      };
      attempts.push({
        options,
        transport,
        resolve: () => {
          options.onOnline?.(true);
          resolve(transport);
        },
        reject: () => reject(new Error('unreachable')),
      });
    }),
}));

const { connectEarly } = await import('./early-broker.ts');
const LINK = { brokerUrl: 'ws://b/mqtt', sessionId: 'AAAAAAAAAAAAAAAAAAAAAA' };
/** Lets pending promise callbacks run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the early broker connection', () => {
  beforeEach(() => {
    attempts.length = 0;
  });

  it('is handed to the first join once it is up, and to no other', async () => {
    const early = connectEarly(LINK);
    attempts[0]!.resolve();
    await expect(early.take()).resolves.toBe(attempts[0]!.transport);
    expect(early.take()).toBeNull();
  });

  it('is waited for when Join comes while it is still connecting', async () => {
    const early = connectEarly(LINK);
    const taken = early.take();
    attempts[0]!.resolve();
    await expect(taken).resolves.toBe(attempts[0]!.transport);
  });

  it('is forgotten if it failed before Join: the join connects afresh', async () => {
    const early = connectEarly(LINK);
    attempts[0]!.reject();
    await settled();
    expect(early.take()).toBeNull();
  });

  it('reports a failure that happens while the join waits for it', async () => {
    const early = connectEarly(LINK);
    const taken = early.take();
    attempts[0]!.reject();
    await expect(taken).resolves.toBeNull();
  });

  it('is closed and replaced when it came up and then dropped before Join', async () => {
    const early = connectEarly(LINK);
    attempts[0]!.resolve();
    await settled();
    attempts[0]!.options.onOnline?.(false);
    const taken = early.take();
    await vi.waitFor(() => expect(attempts).toHaveLength(2));
    expect(attempts[0]!.transport.closed).toBe(true);
    attempts[1]!.resolve();
    await expect(taken).resolves.toBe(attempts[1]!.transport);
  });

  it("is for the link's session, and so is the one that replaces it", async () => {
    const early = connectEarly(LINK);
    attempts[0]!.resolve();
    await settled();
    attempts[0]!.options.onOnline?.(false);
    void early.take();
    await vi.waitFor(() => expect(attempts).toHaveLength(2));
    expect(attempts.map((attempt) => attempt.options.sessionId)).toEqual([LINK.sessionId, LINK.sessionId]);
  });

  it('is closed when nobody joins with it, and not when the join owns it', async () => {
    const unused = connectEarly(LINK);
    attempts[0]!.resolve();
    unused.release();
    await vi.waitFor(() => expect(attempts[0]!.transport.closed).toBe(true));

    const used = connectEarly(LINK);
    attempts[1]!.resolve();
    await used.take();
    used.release();
    await settled();
    expect(attempts[1]!.transport.closed).toBe(false);
  });
});
