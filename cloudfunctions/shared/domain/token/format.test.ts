import { randomBytes } from 'node:crypto';
import { encodeBase64url } from './base64url';
import { LAST_RESERVED_VERSION, SIGNATURE_BYTES, layoutToken, parseToken, type TokenClaims } from './format';

const ISSUED_AT = 1_767_225_600;
const CODE: TokenClaims = { passRef: 'pass.001', issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 300, colour: 'green', kind: 'code' };
const CODE_HEADER_BYTES = 10;
const FLAGS_OFFSET = 3;

/** Bytes the pass reference takes in a code token. */
function passRefBytes(passRef: string): number {
  return layoutToken({ ...CODE, passRef }, '0001').bytes.length - CODE_HEADER_BYTES - SIGNATURE_BYTES;
}

/** A layout of `claims` with its reference bytes replaced, to reach decoding paths no encoder writes. */
function parsedWithRefBytes(claims: TokenClaims, refBytes: Uint8Array): ReturnType<typeof parseToken> {
  const { bytes, signedLength } = layoutToken(claims, '0001');
  bytes.set(refBytes, signedLength - refBytes.length);
  return parseToken(bytes);
}

describe('the pass reference is stored in its densest form', () => {
  test('a 22-character base64url id of 16 random bytes costs 16 bytes', () => {
    expect(passRefBytes(randomBytes(16).toString('base64url'))).toBe(16);
  });

  test('a 32-digit lowercase hex id (a CloudBase auto id) costs 16 bytes', () => {
    expect(passRefBytes(randomBytes(16).toString('hex'))).toBe(16);
  });

  test('any other canonical base64url id costs 3 bytes per 4 characters', () => {
    expect(passRefBytes('Pass001Xyz_-')).toBe(9);
  });

  test('any other printable ASCII id costs one byte a character', () => {
    expect(passRefBytes('pass.001')).toBe(8);
  });

  test('a base64url-looking id with set unused bits is kept as ASCII and comes back unchanged', () => {
    const nonCanonical = `${randomBytes(15).toString('base64url')}B`; // 21 characters: the last carries 4 unused bits
    const { bytes } = layoutToken({ ...CODE, passRef: nonCanonical }, '0001');
    expect(bytes.length - CODE_HEADER_BYTES - SIGNATURE_BYTES).toBe(nonCanonical.length);
    expect(parseToken(bytes)).toMatchObject({ claims: { passRef: nonCanonical } });
  });
});

describe('parseToken accepts only what an encoder writes', () => {
  test('reads back key id and claims, signature excluded from the signed bytes', () => {
    const { bytes, signedLength } = layoutToken(CODE, '0a1f');
    const parsed = parseToken(bytes);
    expect(parsed).toEqual({ keyId: '0a1f', claims: CODE, signed: bytes.subarray(0, signedLength), signature: bytes.subarray(signedLength) });
  });

  test.each([
    ['a reserved flag bit', 0b1000_0000],
    ['colour 3', 0b0000_0011],
    ['pass reference form 3', 0b0001_1000],
  ])('%s is MALFORMED', (_name, bits) => {
    const { bytes } = layoutToken(CODE, '0001');
    bytes[FLAGS_OFFSET] |= bits;
    expect(parseToken(bytes)).toBe('MALFORMED');
  });

  test('a zero lifetime is MALFORMED', () => {
    const { bytes } = layoutToken(CODE, '0001');
    bytes.fill(0, 8, CODE_HEADER_BYTES);
    expect(parseToken(bytes)).toBe('MALFORMED');
  });

  test('a reference stored in a form other than its densest is MALFORMED', () => {
    // 'pass.001' is stored as ASCII; 'abcdef01' would have been stored as hex.
    expect(parsedWithRefBytes(CODE, Buffer.from('abcdef01'))).toBe('MALFORMED');
    // 'pass.001' → 'passw001', which is canonical base64url.
    expect(parsedWithRefBytes(CODE, Buffer.from('passw001'))).toBe('MALFORMED');
    expect(parsedWithRefBytes(CODE, Buffer.from('pass 001'))).toBe('MALFORMED');
  });

  test('a base64url-form reference that decodes to hex digits is MALFORMED', () => {
    const base64urlRef = encodeBase64url(randomBytes(6));
    const hexLooking = Buffer.from('abcdef01', 'base64url');
    expect(parsedWithRefBytes({ ...CODE, passRef: base64urlRef }, hexLooking)).toBe('MALFORMED');
  });

  test('too short, too long and later versions are refused before anything else is read', () => {
    const { bytes } = layoutToken(CODE, '0001');
    expect(parseToken(new Uint8Array())).toBe('MALFORMED');
    expect(parseToken(bytes.subarray(0, CODE_HEADER_BYTES + SIGNATURE_BYTES))).toBe('MALFORMED');
    expect(parseToken(new Uint8Array([...bytes, ...new Uint8Array(64)]))).toBe('MALFORMED');
    expect(parseToken(new Uint8Array([2, ...bytes.subarray(1)]))).toBe('UNSUPPORTED_VERSION');
    expect(parseToken(new Uint8Array([LAST_RESERVED_VERSION, ...bytes.subarray(1)]))).toBe('UNSUPPORTED_VERSION');
  });

  test('a first byte that no version of the format uses is not a token at all', () => {
    const { bytes } = layoutToken(CODE, '0001');
    expect(parseToken(new Uint8Array([0, ...bytes.subarray(1)]))).toBe('MALFORMED');
    expect(parseToken(new Uint8Array([LAST_RESERVED_VERSION + 1, ...bytes.subarray(1)]))).toBe('MALFORMED');
  });
});
