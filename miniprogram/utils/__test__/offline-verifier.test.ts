import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeySetView } from '../../../typings/contract';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, publicKeySet, tokenUrl, type KeySetDocument, type TokenClaims } from '../../../cloudfunctions/shared/domain/token';
import { keySetUsable, OFFLINE_SKEW_SECONDS, verifyOffline, type CachedKeySet } from '../offline-verifier';

const PREFIX = 'https://txm.example.cn/v/';
const ISSUED_AT = 1_767_225_600;
/** A phone clock one hour slow: the offset learned from the server corrects it. */
const PHONE_SLOW_MS = 3_600_000;

/** A key pair made with node:crypto, its public half exported as the JWK key set guard.keySet serves. */
function keyPair(keyId = '0001', retiredAt?: number) {
  const ring = parseKeyRing(generateSigningKeyConfig(keyId));
  const verifying = new Map([[keyId, retiredAt === undefined ? { publicKey: ring.signing.publicKey } : { publicKey: ring.signing.publicKey, retiredAt }]]);
  return { signing: ring.signing, keySet: publicKeySet(verifying, ISSUED_AT, 48 * 3600) };
}

function cacheOf(...documents: KeySetDocument[]): CachedKeySet {
  const [first] = documents;
  return { keySet: { ...first, keys: documents.flatMap((document) => document.keys), urlPrefix: PREFIX }, clockOffsetMs: PHONE_SLOW_MS };
}

/** The phone's reading when the server's clock shows `serverSeconds`. */
const phoneAt = (serverSeconds: number) => serverSeconds * 1000 - PHONE_SLOW_MS;

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return { passRef: randomBytes(16).toString('base64url'), issuedAt: ISSUED_AT, expiresAt: ISSUED_AT + 180, colour: 'green', kind: 'code', ...overrides };
}

const { signing, keySet } = keyPair();
const cache = cacheOf(keySet);
const urlOf = (tokenClaims: TokenClaims, key = signing) => tokenUrl(PREFIX, encodeToken(tokenClaims, key));

describe('verifyOffline', () => {
  test.each([
    ['green', 'PASS'],
    ['yellow', 'CAUTION'],
    ['red', 'STOP'],
  ] as const)('a genuine %s code gives %s from the colour in the token, at the server-corrected time', (colour, verdict) => {
    const tokenClaims = claims({ colour });

    expect(verifyOffline(urlOf(tokenClaims), cache, phoneAt(ISSUED_AT + 60))).toEqual({
      ok: true,
      verdict,
      checkedAt: (ISSUED_AT + 60) * 1000,
      claims: tokenClaims,
    });
  });

  test('accepts every signature node:crypto makes, high-S ones included (about half of them)', () => {
    const urls = Array.from({ length: 64 }, () => urlOf(claims()));

    expect(urls.map((url) => verifyOffline(url, cache, phoneAt(ISSUED_AT)))).toEqual(urls.map(() => expect.objectContaining({ verdict: 'PASS' })));
  });

  test('says EXPIRED from the expiry plus the skew on, judged on the corrected clock and not the slow phone clock', () => {
    const tokenClaims = claims();
    const url = urlOf(tokenClaims);
    const expiredAt = ISSUED_AT + 180 + OFFLINE_SKEW_SECONDS;

    expect(verifyOffline(url, cache, phoneAt(expiredAt - 1))).toMatchObject({ ok: true, verdict: 'PASS' });
    expect(verifyOffline(url, cache, phoneAt(expiredAt))).toMatchObject({ ok: true, verdict: 'EXPIRED', claims: tokenClaims });
    // On its own slow clock the phone would take the fresh code for one from the future, and turn it away.
    expect(verifyOffline(url, { ...cache, clockOffsetMs: 0 }, phoneAt(ISSUED_AT + 60))).toMatchObject({ verdict: 'EXPIRED' });
  });

  test('calls a code signed by a foreign key under our key id, or altered in any byte, INVALID (the key id bytes name a key it lacks)', () => {
    const foreign = keyPair('0001');
    expect(verifyOffline(urlOf(claims(), foreign.signing), cache, phoneAt(ISSUED_AT))).toMatchObject({ verdict: 'INVALID' });

    const token = Buffer.from(encodeToken(claims(), signing), 'base64url');
    for (let index = 0; index < token.length; index++) {
      const altered = Buffer.from(token);
      altered[index] ^= 1 << index % 8;
      const verdict = verifyOffline(tokenUrl(PREFIX, altered.toString('base64url')), cache, phoneAt(ISSUED_AT));
      const expected = index === 1 || index === 2 ? { ok: false, reason: 'UNKNOWN_KEY' } : expect.objectContaining({ ok: true, verdict: 'INVALID' });
      expect({ index, verdict }).toEqual({ index, verdict: expected });
    }
  });

  test('calls a code of a retired key INVALID from its retirement on', () => {
    const retired = keyPair('0000', ISSUED_AT + 10);
    const url = urlOf(claims(), retired.signing);

    expect(verifyOffline(url, cacheOf(keySet, retired.keySet), phoneAt(ISSUED_AT + 9))).toMatchObject({ verdict: 'PASS' });
    expect(verifyOffline(url, cacheOf(keySet, retired.keySet), phoneAt(ISSUED_AT + 10))).toMatchObject({ verdict: 'INVALID' });
  });

  test('gives no verdict for a key the cached set lacks (a newer key signs genuine codes too)', () => {
    const newer = keyPair('0002');

    expect(verifyOffline(urlOf(claims(), newer.signing), cache, phoneAt(ISSUED_AT))).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  test('leaves out a key whose point is not on the curve', () => {
    const [jwk] = keySet.keys;
    const offCurve: KeySetView = { ...cache.keySet, keys: [{ ...jwk, y: jwk.x }] };

    expect(verifyOffline(urlOf(claims()), { ...cache, keySet: offCurve }, phoneAt(ISSUED_AT))).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  test.each([
    ['another URL', 'https://example.com/v/AQAB'],
    ['plain text', '张三 110101199003070011'],
    ['an empty scan', ''],
    ['a huge scan', PREFIX + 'A'.repeat(100_000)],
  ])('calls %s NOT_OURS', (_what, scanned) => {
    expect(verifyOffline(scanned, cache, phoneAt(ISSUED_AT))).toMatchObject({ ok: true, verdict: 'NOT_OURS' });
  });

  test('gives no verdict without a key set, or once the key set has expired on the corrected clock', () => {
    const url = urlOf(claims());
    const keySetEnd = cache.keySet.expiresAt;

    expect(verifyOffline(url, null, phoneAt(ISSUED_AT))).toEqual({ ok: false, reason: 'NO_KEY_SET' });
    expect(keySetUsable(cache, phoneAt(keySetEnd - 1))).toBe(true);
    expect(verifyOffline(url, cache, phoneAt(keySetEnd))).toEqual({ ok: false, reason: 'KEY_SET_EXPIRED' });
  });
});

/** docs/token-format.md's vectors were made with node:crypto: the phone's pure-JS P-256 must judge them alike. */
describe('the open format test vectors, judged offline', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../../docs/token-format.md'), 'utf8');
  const documented = JSON.parse(/```json test-vectors\n([\s\S]*?)\n```/.exec(doc)?.[1] ?? '{}') as {
    prefix: string;
    keySet: KeySetDocument;
    vectors: Array<{ name: string; url: string; claims?: TokenClaims; checks: Array<{ nowSeconds: number; skewSeconds: number; verdict: string }> }>;
  };
  // The document's key set, trusted at every check's time (its own expiry ends before the card's checks).
  const docCache: CachedKeySet = { keySet: { ...documented.keySet, expiresAt: 0xffffffff, urlPrefix: documented.prefix }, clockOffsetMs: 0 };
  const OFFLINE_VERDICTS: Record<string, string> = { BAD_SIGNATURE: 'INVALID', RETIRED_KEY: 'INVALID', NOT_YET_VALID: 'EXPIRED', EXPIRED: 'EXPIRED' };
  const checks = documented.vectors.flatMap((vector) =>
    vector.checks.filter((check) => check.skewSeconds === OFFLINE_SKEW_SECONDS).map((check) => ({ ...check, name: vector.name, url: vector.url, claims: vector.claims })),
  );

  test('there are vectors to judge', () => {
    expect(checks.length).toBeGreaterThanOrEqual(8);
  });

  test.each(checks)('$name at $nowSeconds: $verdict', ({ url, nowSeconds, verdict, claims: expected }) => {
    const check = verifyOffline(url, docCache, nowSeconds * 1000);
    if (verdict === 'VALID') expect(check).toMatchObject({ ok: true, verdict: expected?.colour === 'yellow' ? 'CAUTION' : expected?.colour === 'red' ? 'STOP' : 'PASS', claims: expected });
    else expect(check).toMatchObject({ ok: true, verdict: OFFLINE_VERDICTS[verdict] });
  });
});
