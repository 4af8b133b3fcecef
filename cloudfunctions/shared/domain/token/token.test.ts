import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { generateSigningKeyConfig, parseKeyRing, type VerifyingKeys } from './keys';
import { encodeToken, verifyToken } from './token';
import { MAX_CARD_LIFETIME_SECONDS, MAX_CARD_SERIAL, MAX_CODE_LIFETIME_SECONDS, MAX_PASS_REF_CHARS, type TokenClaims } from './format';

const ISSUED_AT = 1_767_225_600;
const SKEW = 30;
const ring = parseKeyRing(generateSigningKeyConfig('0a01'));
const CODE: TokenClaims = { passRef: randomBytes(16).toString('base64url'), issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 300, colour: 'green', kind: 'code' };
const CARD: TokenClaims = { passRef: randomBytes(16).toString('hex'), issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 180 * 86_400, colour: 'yellow', kind: 'card', cardSerial: 7 };
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Any claims the format can carry, with pass references of every storage form. */
const claimsArbitrary: fc.Arbitrary<TokenClaims> = fc
  .record({
    passRef: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('hex')),
      fc.uint8Array({ minLength: 1, maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
      fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: MAX_PASS_REF_CHARS }),
    ),
    issuedAt: fc.integer({ min: 0, max: 0xffffffff }),
    colour: fc.constantFrom('green' as const, 'yellow' as const, 'red' as const),
    code: fc.integer({ min: 1, max: MAX_CODE_LIFETIME_SECONDS }),
    card: fc.record({ lifetime: fc.integer({ min: 1, max: MAX_CARD_LIFETIME_SECONDS }), serial: fc.integer({ min: 0, max: MAX_CARD_SERIAL }) }),
    isCard: fc.boolean(),
  })
  .map(({ passRef, issuedAt, colour, code, card, isCard }): TokenClaims =>
    isCard
      ? { passRef, issuedAt, expiresAt: issuedAt + card.lifetime, colour, kind: 'card', cardSerial: card.serial }
      : { passRef, issuedAt, expiresAt: issuedAt + code, colour, kind: 'code' },
  );

function verifyAtIssue(token: string, keys: VerifyingKeys = ring.verifying, claims: TokenClaims = CODE) {
  return verifyToken(token, keys, claims.issuedAt, SKEW);
}

function withByteChanged(token: string, index: number, xorMask: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] ^= xorMask;
  return bytes.toString('base64url');
}

describe('a token verifies to the claims it was made from', () => {
  test.each([['a phone code', CODE], ['a printed card', CARD]])('%s', (_name, claims) => {
    expect(verifyAtIssue(encodeToken(claims, ring.signing), ring.verifying, claims)).toEqual({ ok: true, claims, keyId: '0a01' });
  });

  test('for any claims the format can carry', () => {
    fc.assert(
      fc.property(claimsArbitrary, (claims) => {
        expect(verifyAtIssue(encodeToken(claims, ring.signing), ring.verifying, claims)).toEqual({ ok: true, claims, keyId: '0a01' });
      }),
    );
  });
});

describe('verification refuses', () => {
  const token = encodeToken(CODE, ring.signing);

  test('a token signed by another key pair under our key id', () => {
    const foreign = parseKeyRing(generateSigningKeyConfig('0a01'));
    expect(verifyAtIssue(encodeToken(CODE, foreign.signing))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  test('a token under a key id we do not know', () => {
    expect(verifyAtIssue(encodeToken(CODE, parseKeyRing(generateSigningKeyConfig('0a02')).signing))).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  test('a version we do not know', () => {
    expect(verifyAtIssue(withByteChanged(token, 0, 0x03))).toEqual({ ok: false, reason: 'UNSUPPORTED_VERSION' });
  });

  test('expiry, with the skew allowance, to the second', () => {
    expect(verifyToken(token, ring.verifying, CODE.expiresAt - 1, 0).ok).toBe(true);
    expect(verifyToken(token, ring.verifying, CODE.expiresAt, 0)).toEqual({ ok: false, reason: 'EXPIRED' });
    expect(verifyToken(token, ring.verifying, CODE.expiresAt + SKEW - 1, SKEW).ok).toBe(true);
    expect(verifyToken(token, ring.verifying, CODE.expiresAt + SKEW, SKEW)).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  test('an issue time in the future, beyond the skew allowance', () => {
    expect(verifyToken(token, ring.verifying, CODE.issuedAt - SKEW, SKEW).ok).toBe(true);
    expect(verifyToken(token, ring.verifying, CODE.issuedAt - SKEW - 1, SKEW)).toEqual({ ok: false, reason: 'NOT_YET_VALID' });
    expect(verifyToken(token, ring.verifying, CODE.issuedAt - 1, 0)).toEqual({ ok: false, reason: 'NOT_YET_VALID' });
  });

  test('from its retirement on, a key verifies nothing, whatever issue time a token claims', () => {
    const retiredAt = CODE.issuedAt + 60;
    const keys: VerifyingKeys = new Map([['0a01', { publicKey: ring.signing.publicKey, retiredAt }]]);
    expect(verifyToken(token, keys, retiredAt - 1, SKEW).ok).toBe(true);
    expect(verifyToken(token, keys, retiredAt, SKEW)).toEqual({ ok: false, reason: 'RETIRED_KEY' });
  });

  test('a forgery as BAD_SIGNATURE, never as expired, early or retired', () => {
    const forged = withByteChanged(token, 20, 0x01);
    const retired: VerifyingKeys = new Map([['0a01', { publicKey: ring.signing.publicKey, retiredAt: 0 }]]);
    expect(verifyToken(forged, ring.verifying, CODE.expiresAt + 3600, SKEW)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyToken(forged, ring.verifying, 0, SKEW)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyToken(forged, retired, CODE.issuedAt, SKEW)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  test('every truncation of the text', () => {
    for (let length = 0; length < token.length; length++) expect(verifyAtIssue(token.slice(0, length)).ok).toBe(false);
  });

  test('empty, huge, padded or foreign-alphabet text as MALFORMED', () => {
    for (const text of ['', 'A'.repeat(100 * 1024), `${token}==`, token.replace(/[-_]/g, '+'), ` ${token}`, `${token}\n`]) {
      expect(verifyAtIssue(text)).toEqual({ ok: false, reason: 'MALFORMED' });
    }
  });

  test('a clock or skew that is not a number of seconds, as a caller bug', () => {
    expect(() => verifyToken(token, ring.verifying, Number.NaN, SKEW)).toThrow(RangeError);
    expect(() => verifyToken(token, ring.verifying, ISSUED_AT, -1)).toThrow(RangeError);
  });
});

describe('no change of a token survives verification', () => {
  test('exhaustively: every value of every byte of one token', () => {
    const token = encodeToken(CARD, ring.signing);
    const length = Buffer.from(token, 'base64url').length;
    for (let index = 0; index < length; index++) {
      for (let xorMask = 1; xorMask < 256; xorMask++) {
        const verdict = verifyToken(withByteChanged(token, index, xorMask), ring.verifying, CARD.issuedAt, SKEW);
        if (verdict.ok) throw new Error(`byte ${index} ^ ${xorMask} still verifies`);
      }
    }
  });

  test('any byte of any token, changed to any other value', () => {
    fc.assert(
      fc.property(claimsArbitrary, fc.nat(), fc.integer({ min: 1, max: 255 }), (claims, position, xorMask) => {
        const token = encodeToken(claims, ring.signing);
        const index = position % Buffer.from(token, 'base64url').length;
        expect(verifyAtIssue(withByteChanged(token, index, xorMask), ring.verifying, claims).ok).toBe(false);
      }),
    );
  });

  test('any character of any token text, changed to any other character', () => {
    const otherCharacter = fc.constantFrom(...BASE64URL_ALPHABET, '=', '+', '/', '.', ' ', '码');
    fc.assert(
      fc.property(claimsArbitrary, fc.nat(), otherCharacter, (claims, position, character) => {
        const token = encodeToken(claims, ring.signing);
        const index = position % token.length;
        fc.pre(token[index] !== character);
        const changed = token.slice(0, index) + character + token.slice(index + 1);
        expect(verifyAtIssue(changed, ring.verifying, claims).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('encodeToken refuses claims the format cannot carry', () => {
  test.each<[string, Partial<TokenClaims>]>([
    ['an empty pass reference', { passRef: '' }],
    ['a pass reference over 32 characters', { passRef: 'x'.repeat(MAX_PASS_REF_CHARS + 1) }],
    ['a pass reference with a space', { passRef: 'pass 1' }],
    ['a pass reference beyond ASCII', { passRef: '通行' }],
    ['a negative issue time', { issuedAt: -1, expiresAt: 10 }],
    ['a fractional issue time', { issuedAt: ISSUED_AT + 0.5 }],
    ['an issue time past 2106', { issuedAt: 2 ** 32, expiresAt: 2 ** 32 + 60 }],
    ['an expiry at the issue time', { expiresAt: ISSUED_AT }],
    ['an expiry before the issue time', { expiresAt: ISSUED_AT - 1 }],
    ['a phone code living over 18 hours', { expiresAt: ISSUED_AT + MAX_CODE_LIFETIME_SECONDS + 1 }],
    ['a phone code with a card serial', { cardSerial: 1 }],
    ['a card without a serial', { kind: 'card' }],
    ['a card serial over 65535', { kind: 'card', cardSerial: MAX_CARD_SERIAL + 1 }],
    ['an unknown colour', { colour: 'blue' as TokenClaims['colour'] }],
    ['an unknown kind', { kind: 'badge' as TokenClaims['kind'] }],
  ])('%s', (_name, change) => {
    expect(() => encodeToken({ ...CODE, ...change }, ring.signing)).toThrow(RangeError);
  });

  test('a signing key whose id is not 4 lowercase hex digits', () => {
    expect(() => encodeToken(CODE, { ...ring.signing, keyId: '0A01' })).toThrow(RangeError);
  });
});
