import { describe, expect, it } from 'vitest';
import { randomBytes } from '../util/bytes.ts';
import { sdpFingerprint, verificationCode, verificationCodeOf } from './verification.ts';

const FP_A =
  'sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';
const FP_B =
  'sha-256 11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00';

describe('verification code', () => {
  it.each([
    ['v=0\r\na=fingerprint:sha-256 aa:bb:cc\r\na=setup:actpass\r\n', 'sha-256 AA:BB:CC'],
    ['v=0\na=fingerprint:SHA-256 AA:BB\n', 'sha-256 AA:BB'],
    ['v=0\r\na=setup:actpass\r\n', null],
    [
      'v=0\r\na=fingerprint:sha-256 AA:BB\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256 AA:BB\r\n',
      'sha-256 AA:BB',
    ],
    // A media-level line overrides the session's: two certificates, none to vouch for.
    [
      'v=0\r\na=fingerprint:sha-256 AA:BB\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=fingerprint:sha-256 CC:DD\r\n',
      null,
    ],
    ['v=0\r\na=fingerprint:sha-256 AA:BB\r\na=fingerprint:sha-1 AA:BB\r\n', null],
    ['v=0\r\na=fingerprint:sha-256 not-hex\r\n', null],
  ])('reads the fingerprint of %j', (sdp, expected) => {
    expect(sdpFingerprint(sdp)).toBe(expected);
  });

  const key = randomBytes(32);
  it('is the same on both sides and shaped "123 456"', async () => {
    const code = await verificationCode(key, FP_A, FP_B);
    expect(code).toMatch(/^\d{3} \d{3}$/);
    expect(await verificationCode(key, FP_A, FP_B)).toBe(code);
  });

  it.each([
    ['a swapped sharer fingerprint', () => verificationCode(key, FP_B, FP_B)],
    ['a swapped helper fingerprint', () => verificationCode(key, FP_A, FP_A)],
    ['the roles reversed', () => verificationCode(key, FP_B, FP_A)],
    ['another key', () => verificationCode(randomBytes(32), FP_A, FP_B)],
  ])('differs with %s', async (_name, other) => {
    expect(await other()).not.toBe(await verificationCode(key, FP_A, FP_B));
  });

  const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:${fingerprint}\r\na=setup:actpass\r\n`;
  it('reads both descriptions in their roles', async () => {
    expect(await verificationCodeOf(key, sdp(FP_A), sdp(FP_B))).toBe(await verificationCode(key, FP_A, FP_B));
  });

  it.each([
    ['the sharer', 'v=0\r\n', sdp(FP_B)],
    ['the helper', sdp(FP_A), 'v=0\r\n'],
  ])('has none when %s has no fingerprint', async (_name, sharer, helper) => {
    expect(await verificationCodeOf(key, sharer, helper)).toBeNull();
  });
});
