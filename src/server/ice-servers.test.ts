import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceAnswer, NO_ICE, type IceConfig } from './ice-servers.ts';
import { TURN_CREDENTIAL_TTL_S } from './turn-credential.ts';

const NOW = 1_700_000_000_000;
const EXPIRY = 1_700_000_000 + TURN_CREDENTIAL_TTL_S;
const SECRET = 'b8f0c2d1e4a7f6c3b9d8e2a1f0c7b6d5';
const credential = (username: string) => createHmac('sha1', SECRET).update(username).digest('base64');

describe('the answer to GET /ice', () => {
  it.each<[string, IceConfig, unknown]>([
    ['no servers', NO_ICE, { iceServers: [] }],
    [
      'STUN only: no credential, no expiry',
      { stunUrls: ['stun:a.example', 'stun:b.example:3478'], turn: null },
      { iceServers: [{ urls: 'stun:a.example' }, { urls: 'stun:b.example:3478' }] },
    ],
    [
      'TURN: one server for all its URLs, with the credential',
      {
        stunUrls: ['stun:a.example'],
        turn: { urls: ['turn:t.example:3478', 'turns:t.example:5349'], secret: SECRET },
      },
      {
        iceServers: [
          { urls: 'stun:a.example' },
          {
            urls: ['turn:t.example:3478', 'turns:t.example:5349'],
            username: `${EXPIRY}:id`,
            credential: credential(`${EXPIRY}:id`),
          },
        ],
        expiresAt: EXPIRY * 1000,
      },
    ],
  ])('%s', (_name, config, answer) => {
    expect(iceAnswer(config, NOW, 'id')).toEqual(answer);
  });
});
