import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { MAX_KEY_SET_AGE_SECONDS, generateSigningKeyConfig, parseKeyRing, parseVerifyingKeys, publicKeySet } from './keys';
import { encodeToken, verifyToken } from './token';
import type { TokenClaims } from './format';

const NOW = 1_767_225_600;
const CLAIMS: TokenClaims = { passRef: 'p1', issuedAt: NOW, expiresAt: NOW + 300, colour: 'red', kind: 'code' };

function base64Der(key: KeyObject): string {
  return key.type === 'private' ? key.export({ format: 'der', type: 'pkcs8' }).toString('base64') : key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** A configuration of a signing key '0003', a plain verifying key '0002' and a key '0001' retired at NOW. */
function rotatedConfig() {
  const [current, previous, retired] = [0, 1, 2].map(() => generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  const config = JSON.stringify({
    keys: [
      { kid: '0003', privateKey: base64Der(current.privateKey) },
      { kid: '0002', publicKey: base64Der(previous.publicKey) },
      { kid: '0001', publicKey: base64Der(retired.publicKey), retiredAt: NOW },
    ],
  });
  return { config, previous };
}

describe('key configuration', () => {
  test('a generated configuration signs tokens its own ring verifies', () => {
    const ring = parseKeyRing(generateSigningKeyConfig('00ff'));
    expect(ring.signing.keyId).toBe('00ff');
    expect([...ring.verifying.keys()]).toEqual(['00ff']);
    expect(verifyToken(encodeToken(CLAIMS, ring.signing), ring.verifying, NOW, 0)).toMatchObject({ ok: true, keyId: '00ff' });
  });

  test('the first key signs; every key verifies, with its retirement', () => {
    const { config, previous } = rotatedConfig();
    const ring = parseKeyRing(config);
    expect(ring.signing.keyId).toBe('0003');
    expect([...ring.verifying].map(([kid, key]) => [kid, key.retiredAt])).toEqual([
      ['0003', undefined],
      ['0002', undefined],
      ['0001', NOW],
    ]);
    expect(ring.verifying.get('0002')?.publicKey.equals(previous.publicKey)).toBe(true);
  });

  test('a verifier needs no private key, and keeps only the public half of one it is given', () => {
    const generated = generateSigningKeyConfig('0009');
    const signing = parseKeyRing(generated).signing;
    const keys = parseVerifyingKeys(generated);
    expect(keys.get('0009')?.publicKey.type).toBe('public');
    expect(verifyToken(encodeToken(CLAIMS, signing), keys, NOW, 0).ok).toBe(true);
    expect([...parseVerifyingKeys(rotatedConfig().config).keys()]).toEqual(['0003', '0002', '0001']);
  });

  const oneKey = (entry: object) => JSON.stringify({ keys: [entry] });
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  test.each([
    ['not JSON', '{"keys": [ {"kid": "0001", "privateKey": "c2VjcmV0'],
    ['no keys', JSON.stringify({ keys: [] })],
    ['a key id that is not 4 lowercase hex digits', oneKey({ kid: 'K1', privateKey: base64Der(p256.privateKey) })],
    ['a signing key with only a public key', oneKey({ kid: '0001', publicKey: base64Der(p256.publicKey) })],
    ['a retired signing key', oneKey({ kid: '0001', privateKey: base64Der(p256.privateKey), retiredAt: NOW })],
    ['a key with both halves', oneKey({ kid: '0001', privateKey: base64Der(p256.privateKey), publicKey: base64Der(p256.publicKey) })],
    ['an unknown field', oneKey({ kid: '0001', privateKey: base64Der(p256.privateKey), note: 'x' })],
    ['a key that is not DER', oneKey({ kid: '0001', privateKey: 'c2VjcmV0' })],
    ['a P-384 key', oneKey({ kid: '0001', privateKey: base64Der(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey) })],
    ['an Ed25519 key', oneKey({ kid: '0001', privateKey: base64Der(generateKeyPairSync('ed25519').privateKey) })],
    [
      'a key id twice',
      JSON.stringify({ keys: [{ kid: '0001', privateKey: base64Der(p256.privateKey) }, { kid: '0001', publicKey: base64Der(p256.publicKey) }] }),
    ],
  ])('refuses %s, naming no key material', (_name, config) => {
    expect(() => parseKeyRing(config)).toThrow(/^token keys: /);
    try {
      parseKeyRing(config);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/c2VjcmV0|MIG/);
    }
  });

  test('refuses to generate a key under an id that is not 4 lowercase hex digits', () => {
    expect(() => generateSigningKeyConfig('1')).toThrow(RangeError);
  });
});

describe('public key set for guards', () => {
  test('each key as an ES256 JWK that imports back to the same key, retired keys marked', () => {
    const ring = parseKeyRing(rotatedConfig().config);
    const document = publicKeySet(ring.verifying, NOW, 24 * 3600);
    expect(document).toMatchObject({ issuedAt: NOW, expiresAt: NOW + 24 * 3600 });
    expect(document.keys.map(({ kid, retiredAt }) => [kid, retiredAt])).toEqual([
      ['0003', undefined],
      ['0002', undefined],
      ['0001', NOW],
    ]);
    for (const jwk of document.keys) {
      expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      const imported = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
      expect(imported.equals(ring.verifying.get(jwk.kid)?.publicKey as KeyObject)).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  test('may be trusted for 48 hours at most', () => {
    const { verifying } = parseKeyRing(generateSigningKeyConfig('0001'));
    expect(publicKeySet(verifying, NOW, MAX_KEY_SET_AGE_SECONDS).expiresAt).toBe(NOW + 48 * 3600);
    expect(() => publicKeySet(verifying, NOW, MAX_KEY_SET_AGE_SECONDS + 1)).toThrow(RangeError);
    expect(() => publicKeySet(verifying, NOW, 0)).toThrow(RangeError);
  });
});
