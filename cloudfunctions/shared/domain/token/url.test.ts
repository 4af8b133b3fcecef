import { randomBytes } from 'node:crypto';
import { generateSigningKeyConfig, parseKeyRing } from './keys';
import { QR_VERSION_BUDGET, qrByteCapacityM, qrVersionByteModeM } from './qr';
import { encodeToken, verifyToken } from './token';
import { extractToken, tokenUrl } from './url';
import { MAX_TOKEN_CHARS, type TokenClaims } from './format';

const PREFIX = 'https://txm.example.cn/v/';
const ISSUED_AT = 1_767_225_600;
const ring = parseKeyRing(generateSigningKeyConfig('0001'));
const CODE: TokenClaims = { passRef: randomBytes(16).toString('base64url'), issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 1800, colour: 'green', kind: 'code' };
const CARD: TokenClaims = { ...CODE, kind: 'card', expiresAt: ISSUED_AT + 366 * 86_400, cardSerial: 65_535 };
const token = encodeToken(CODE, ring.signing);

describe('the token travels in a URL', () => {
  test.each([PREFIX, 'https://txm.example.cn/v?t=', 'https://localhost:8443/verify/'])('behind %s and back', (prefix) => {
    expect(extractToken(tokenUrl(prefix, token), prefix)).toEqual({ ok: true, token });
  });

  test.each([
    ['another URL', 'https://example.com/v/abc'],
    ['our host over http', `http://txm.example.cn/v/${token}`],
    ['plain text', '请出示通行码'],
    ['empty text', ''],
    ['100 KB of text', PREFIX + 'A'.repeat(100 * 1024)],
    ['a token one character too long', PREFIX + 'A'.repeat(MAX_TOKEN_CHARS + 1)],
    ['our prefix alone', PREFIX],
    ['our prefix with garbage', `${PREFIX}<script>alert(1)</script>`],
    ['our prefix with a token and a query', `${PREFIX}${token}?from=share`],
    ['our prefix with a padded token', `${PREFIX}${token}=`],
    ['the prefix only in the middle', `https://evil.example/?u=${PREFIX}${token}`],
  ])('%s is NOT_OURS', (_name, scanned) => {
    expect(extractToken(scanned, PREFIX)).toEqual({ ok: false, reason: 'NOT_OURS' });
  });

  test('text behind our prefix that only looks like a token is ours to refuse, as MALFORMED', () => {
    const extracted = extractToken(`${PREFIX}AAAAAAAA`, PREFIX);
    expect(extracted).toEqual({ ok: true, token: 'AAAAAAAA' });
    expect(verifyToken('AAAAAAAA', ring.verifying, ISSUED_AT, 0)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  test.each(['http://txm.example.cn/v/', 'https://txm.example.cn/v', 'https://TXM.example.cn/v/', 'https://txm.example.cn', 'txm.example.cn/v/', 'https://txm.example.cn/a b/'])(
    'refuses the prefix %s as configuration',
    (prefix) => {
      expect(() => tokenUrl(prefix, token)).toThrow(RangeError);
      expect(() => extractToken(`${prefix}${token}`, prefix)).toThrow(RangeError);
    },
  );

  test('refuses to put text that is not base64url in a URL', () => {
    expect(() => tokenUrl(PREFIX, '')).toThrow(RangeError);
    expect(() => tokenUrl(PREFIX, 'a/b')).toThrow(RangeError);
  });
});

describe('QR budget: version 8 at level M, byte mode, with the example prefix and a 16-byte pass id', () => {
  test.each([
    ['a phone code, base64url id', CODE],
    ['a phone code, hex id', { ...CODE, passRef: randomBytes(16).toString('hex') }],
    ['a printed card, base64url id', CARD],
    ['a printed card, hex id', { ...CARD, passRef: randomBytes(16).toString('hex') }],
  ])('%s', (_name, claims) => {
    const url = tokenUrl(PREFIX, encodeToken(claims, ring.signing));
    expect(url.length).toBeLessThanOrEqual(qrByteCapacityM(QR_VERSION_BUDGET));
    expect(qrVersionByteModeM(url)).toBeLessThanOrEqual(QR_VERSION_BUDGET);
  });
});
