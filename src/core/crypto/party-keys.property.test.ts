import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from '../../../test/support/untrusted.ts';
import { toBase64Url } from '../util/bytes.ts';
import {
  commitmentOf,
  createHelperKeys,
  createSharerKeys,
  helperIdOf,
  pairKey,
  sign,
  verify,
} from './party-keys.ts';

const sharer = await createSharerKeys();
const helper = await createHelperKeys();
const data = new TextEncoder().encode('lookover status v1|session');
const good = await sign(sharer, data);
const keyText = fc.oneof(anyText(60), fc.uint8Array({ minLength: 0, maxLength: 40 }).map(toBase64Url));
const FEW = { numRuns: 100 };

describe('party keys (properties)', () => {
  it('never throws on a key, signature or id that is not one, and never vouches for it', async () => {
    await fc.assert(
      fc.asyncProperty(keyText, keyText, async (key, signature) => {
        expect(await verify(key, signature, data)).toBe(key === sharer.signPublic && signature === good);
        const id = await helperIdOf(key);
        if (id !== null) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        const commitment = await commitmentOf(key, signature);
        if (commitment !== null) expect(commitment).toMatch(/^[A-Za-z0-9_-]{22}$/);
        // Any 32 bytes may be an X25519 point; what matters is that nothing throws.
        await pairKey(helper.agreement.privateKey, key, 'session', helper.id);
      }),
      FEW,
    );
  });

  it('vouches only for the exact data and key it signed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (other) => {
        fc.pre(toBase64Url(other) !== toBase64Url(data));
        expect(await verify(sharer.signPublic, good, new Uint8Array(other))).toBe(false);
      }),
      FEW,
    );
    expect(await verify(sharer.signPublic, good, data)).toBe(true);
    expect(await verify(sharer.agreePublic, good, data)).toBe(false);
  });

  it('agrees the same pair key on both sides, and another for another helper or session', async () => {
    const other = await createHelperKeys();
    const probe = new Uint8Array(12);
    const seal = async (key: CryptoKey | null) =>
      toBase64Url(new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: probe }, key!, probe)));
    const ours = await pairKey(helper.agreement.privateKey, sharer.agreePublic, 's', helper.id);
    const theirs = await pairKey(sharer.agreement.privateKey, helper.agreePublic, 's', helper.id);
    expect(await seal(ours)).toBe(await seal(theirs));
    const another = await pairKey(sharer.agreement.privateKey, other.agreePublic, 's', other.id);
    const elsewhere = await pairKey(sharer.agreement.privateKey, helper.agreePublic, 't', helper.id);
    expect(await seal(another)).not.toBe(await seal(ours));
    expect(await seal(elsewhere)).not.toBe(await seal(ours));
    expect(await helperIdOf(helper.agreePublic)).toBe(helper.id);
    expect(await commitmentOf(sharer.signPublic, sharer.agreePublic)).toBe(sharer.commitment);
  });
});
