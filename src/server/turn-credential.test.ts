import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TURN_CREDENTIAL_TTL_S, turnCredential } from './turn-credential.ts';

describe('TURN REST credentials', () => {
  it.each([
    // A vector computed by hand: printf '1700021600:abc' | openssl dgst -sha1 -hmac s3cret -binary | base64
    ['s3cret', 1_700_000_000_000, 'abc', '1700021600:abc', 'MoC9ssYmRuKbyvy3buA8ljHM/ek='],
    // A fraction of a second is dropped, not rounded up: the credential never outlives the TTL.
    ['s3cret', 1_700_000_000_999, 'abc', '1700021600:abc', 'MoC9ssYmRuKbyvy3buA8ljHM/ek='],
  ])('secret %s at %i, id %s: %s', (secret, now, id, username, credential) => {
    expect(turnCredential(secret, now, id)).toEqual({
      username,
      credential,
      expiresAt: (1_700_000_000 + TURN_CREDENTIAL_TTL_S) * 1000,
    });
  });

  it.each([
    ['a long random secret', 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5', 1_760_000_000_000],
    ['a secret with symbols', 'p@ss:word/with+symbols=', 1_800_000_123_456],
  ])('%s: the credential is the HMAC-SHA1 of the username, which ends in the future', (_n, secret, now) => {
    const { username, credential, expiresAt } = turnCredential(secret, now);
    const [expiry, id, ...rest] = username.split(':');
    expect(rest).toEqual([]);
    expect(Number(expiry)).toBe(Math.floor(now / 1000) + TURN_CREDENTIAL_TTL_S);
    expect(expiresAt).toBe(Number(expiry) * 1000);
    expect(expiresAt - now).toBeGreaterThan((TURN_CREDENTIAL_TTL_S - 1) * 1000);
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(credential).toBe(createHmac('sha1', secret).update(username).digest('base64'));
  });

  it('gives each request its own username', () => {
    const now = Date.now();
    expect(turnCredential('secret', now).username).not.toBe(turnCredential('secret', now).username);
  });

  it('lasts six hours', () => {
    expect(TURN_CREDENTIAL_TTL_S).toBe(6 * 3600);
  });
});
