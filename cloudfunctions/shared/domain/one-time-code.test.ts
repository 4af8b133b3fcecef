import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  codeFromRandom,
  deriveOneTimeCodeKey,
  isWellFormedCode,
  normaliseCode,
  oneTimeCodeId,
  redeemProblem,
  type OneTimeCodeDocument,
} from './one-time-code';

const now = new Date('2026-11-27T02:00:00Z');
const stored = (overrides: Partial<OneTimeCodeDocument<null>>): OneTimeCodeDocument<null> => ({
  _id: 'h',
  purpose: 'role',
  payload: null,
  createdBy: 'o-creator',
  createdAt: now,
  expiresAt: new Date(now.getTime() + 60_000),
  redeemedBy: null,
  redeemedAt: null,
  ...overrides,
});

describe('one-time codes', () => {
  test('any random bytes give a well-formed code from the alphabet', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 64, maxLength: 64 }), (bytes) => {
        let index = 0;
        const code = codeFromRandom(() => bytes[index++ % bytes.length]);
        expect(code).toHaveLength(CODE_LENGTH);
        expect(isWellFormedCode(code)).toBe(true);
      }),
    );
  });

  test('bytes past the largest multiple of the alphabet size are skipped, keeping characters uniform', () => {
    const limit = 256 - (256 % CODE_ALPHABET.length);
    const bytes = [limit, 255, 0, 1, 2, 3, 4, 5, 6, 7];
    let index = 0;
    expect(codeFromRandom(() => bytes[index++])).toBe(CODE_ALPHABET.slice(0, 8));
  });

  test('typed codes are normalised: case, spaces, dashes', () => {
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(isWellFormedCode(normaliseCode('abcd efgh'))).toBe(true);
    expect(isWellFormedCode('ABCDEFG')).toBe(false);
    expect(isWellFormedCode(normaliseCode('0BCDEFGH'))).toBe(false);
  });

  test('a code can be redeemed once, for its purpose, before it expires', () => {
    expect(redeemProblem(stored({}), 'role', now)).toBeNull();
    expect(redeemProblem(undefined, 'role', now)).toMatch(/不正确/);
    expect(redeemProblem(stored({}), 'family', now)).toMatch(/不正确/);
    expect(redeemProblem(stored({ redeemedAt: now, redeemedBy: 'o-x' }), 'role', now)).toMatch(/已被使用/);
    expect(redeemProblem(stored({ expiresAt: now }), 'role', now)).toMatch(/过期/);
  });

  test('a code id is keyed: the same under one key, another under another, never the bare SHA-256', () => {
    const baseKey = randomBytes(32);
    const key = deriveOneTimeCodeKey(baseKey);
    const otherKey = deriveOneTimeCodeKey(randomBytes(32));
    const code = 'ABCD2345';
    expect(oneTimeCodeId(key, code)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(oneTimeCodeId(deriveOneTimeCodeKey(Buffer.from(baseKey)), code)).toBe(oneTimeCodeId(key, code));
    expect(oneTimeCodeId(otherKey, code)).not.toBe(oneTimeCodeId(key, code));
    expect(oneTimeCodeId(key, 'ABCD2346')).not.toBe(oneTimeCodeId(key, code));
    expect(oneTimeCodeId(key, code)).not.toBe(createHash('sha256').update(code).digest('base64url'));
  });

  test('the code key is a sub-key: neither the base key nor what the base key hashes', () => {
    const baseKey = randomBytes(32);
    const key = deriveOneTimeCodeKey(baseKey);
    expect(key).toHaveLength(32);
    expect(key.equals(baseKey)).toBe(false);
    expect(oneTimeCodeId(key, 'ABCD2345')).not.toBe(createHmac('sha256', baseKey).update('ABCD2345').digest('base64url'));
  });
});
