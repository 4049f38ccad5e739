import { describe, expect, it } from 'vitest';
import { createFailureLog } from '../util/failures.ts';
import { iceFromServer, iceServersOrNone } from './ice-from-server.ts';

const answering = (status: number, body: unknown): typeof fetch =>
  (async (url: URL | RequestInfo) => {
    answering.asked = String(url);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
answering.asked = '';

const TURN = { urls: 'turn:turn.example.org:3478', username: '1700000000:abc', credential: 'c2VjcmV0' };

describe('ICE servers from the Lookover server', () => {
  it('asks the helper page origin for /ice and takes what it lists', async () => {
    const result = await iceFromServer(
      'https://help.example.org/some/path',
      answering(200, { iceServers: [{ urls: 'stun:stun.example.org' }, TURN], expiresAt: 1_700_000_000_000 }),
    );
    expect(answering.asked).toBe('https://help.example.org/ice');
    expect(result).toEqual({
      ok: true,
      value: { iceServers: [{ urls: 'stun:stun.example.org' }, TURN], expiresAt: 1_700_000_000_000 },
    });
  });

  it.each<[string, typeof fetch, string]>([
    ['an older server without the endpoint', answering(404, 'not found'), 'answered 404'],
    ['a rate limit', answering(429, ''), 'answered 429'],
    ['something that is not JSON', answering(200, '<html>'), 'could not ask'],
    ['a list of the wrong shape', answering(200, { iceServers: [{ url: 'stun:x' }] }), 'not a list'],
    ['too many servers', answering(200, { iceServers: new Array(9).fill({ urls: 'stun:x' }) }), 'not a list'],
    [
      'a network failure',
      (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
      'TypeError',
    ],
  ])('refuses %s with a reason, never throws', async (_, fetchFn, reason) => {
    const result = await iceFromServer('http://localhost:8787/', fetchFn);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });

  it('gives up on a server that does not answer in time', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const result = await iceFromServer('http://localhost:8787/', hanging, 20);
    expect(result).toEqual({ ok: false, error: 'could not ask the server (TimeoutError)' });
  });

  it('counts a server that cannot say, and shares with no servers', async () => {
    const failures = createFailureLog(() => undefined);
    expect(await iceServersOrNone('http://localhost:8787/', answering(404, ''), failures)).toEqual([]);
    expect(failures.counts()).toEqual({ 'ICE servers from the Lookover server': 1 });
    expect(
      await iceServersOrNone('http://localhost:8787/', answering(200, { iceServers: [TURN] }), failures),
    ).toEqual([TURN]);
  });
});
