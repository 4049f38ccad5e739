import { createHmac, randomBytes } from 'node:crypto';

/**
 * How long a TURN credential handed out at `/ice` lets its holder allocate a relay: longer than a
 * help session, short enough that one copied out of a status record or a page soon stops working.
 * coturn checks only that the time in the username is still ahead, so a relay allocated before it
 * keeps running to its end.
 */
export const TURN_CREDENTIAL_TTL_S = 6 * 60 * 60;

export interface TurnCredential {
  username: string;
  credential: string;
  /** When coturn stops taking it, ms since the epoch. */
  expiresAt: number;
}

/**
 * A short-lived TURN credential in the TURN REST API's form (draft-uberti-behave-turn-rest-00), the
 * one coturn checks with `use-auth-secret` and `static-auth-secret`: the username is
 * `<expiry, unix seconds>:<random id>` and the password is base64(HMAC-SHA1(secret, username)), so
 * the relay needs no list of users and this server no state. The id only keeps two usernames of the
 * same second apart in coturn's logs and quotas.
 */
export function turnCredential(
  secret: string,
  now = Date.now(),
  id = randomBytes(9).toString('base64url'),
): TurnCredential {
  const expiry = Math.floor(now / 1000) + TURN_CREDENTIAL_TTL_S;
  const username = `${expiry}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
