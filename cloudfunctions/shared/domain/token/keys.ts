/**
 * Token keys: the configuration that holds them, the key ring a function works with, and the public key
 * set served to guards. Configuration is JSON (one environment variable, or the git-ignored data folder
 * locally):
 *   {"keys":[{"kid":"0002","privateKey":"<base64 PKCS#8 DER>"},
 *            {"kid":"0001","publicKey":"<base64 SPKI DER>","retiredAt":1767225600}]}
 * The first key signs; every key verifies until its retiredAt (see verdict.ts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { KEY_ID_PATTERN } from './format';
import type { KeyStatus } from './verdict';

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface VerifyingKey extends KeyStatus {
  publicKey: KeyObject;
}

/** Key id (4 lowercase hex digits) → public key and retirement. */
export type VerifyingKeys = ReadonlyMap<string, VerifyingKey>;

export interface KeyRing {
  signing: SigningKey;
  /** Includes the signing key. */
  verifying: VerifyingKeys;
}

/** A key set may be trusted offline for 48 hours at most: past that a guard must fetch it again. */
export const MAX_KEY_SET_AGE_SECONDS = 48 * 3600;

/** A public key as a JWK (RFC 7517/7518), with our retirement time as an extra member. */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
  retiredAt?: number;
}

/** What guards download and cache: the keys, and until when the cached copy may be trusted. */
export interface KeySetDocument {
  issuedAt: number;
  expiresAt: number;
  keys: PublicKeyJwk[];
}

const RETIRED_AT = z.number().int().nonnegative().optional();
const KEY_CONFIG = z.strictObject({
  keys: z
    .array(
      z.union([
        z.strictObject({ kid: z.string().regex(KEY_ID_PATTERN), privateKey: z.base64(), retiredAt: RETIRED_AT }),
        z.strictObject({ kid: z.string().regex(KEY_ID_PATTERN), publicKey: z.base64(), retiredAt: RETIRED_AT }),
      ]),
    )
    .min(1),
});

interface ConfiguredKey extends VerifyingKey {
  keyId: string;
  privateKey?: KeyObject;
}

/** The key ring of a function that issues tokens: the first configured key signs and must hold a private key. */
export function parseKeyRing(config: string): KeyRing {
  const configured = readKeyConfig(config);
  const [first] = configured;
  if (first.privateKey === undefined || first.retiredAt !== undefined) {
    throw new Error('token keys: the first key signs, so it needs a privateKey and no retiredAt');
  }
  return { signing: { keyId: first.keyId, privateKey: first.privateKey, publicKey: first.publicKey }, verifying: verifyingKeysOf(configured) };
}

/** The keys of a function that only verifies (the guard's): private keys, if given, are reduced to public ones. */
export function parseVerifyingKeys(config: string): VerifyingKeys {
  return verifyingKeysOf(readKeyConfig(config));
}

/** A configuration with one new signing key, for `npm start` to write development keys. */
export function generateSigningKeyConfig(keyId: string): string {
  if (!KEY_ID_PATTERN.test(keyId)) throw new RangeError('key id must be 4 lowercase hex digits');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return JSON.stringify({ keys: [{ kid: keyId, privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') }] });
}

/** The public key set served to guards, trusted until `nowSeconds + maxAgeSeconds`. */
export function publicKeySet(keys: VerifyingKeys, nowSeconds: number, maxAgeSeconds: number): KeySetDocument {
  if (!Number.isInteger(nowSeconds) || !Number.isInteger(maxAgeSeconds) || maxAgeSeconds <= 0 || maxAgeSeconds > MAX_KEY_SET_AGE_SECONDS) {
    throw new RangeError(`nowSeconds must be an integer and maxAgeSeconds from 1 to ${MAX_KEY_SET_AGE_SECONDS}`);
  }
  return {
    issuedAt: nowSeconds,
    expiresAt: nowSeconds + maxAgeSeconds,
    keys: Array.from(keys, ([kid, { publicKey, retiredAt }]) => {
      const { x, y } = publicKey.export({ format: 'jwk' });
      const jwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: x as string, y: y as string, kid, alg: 'ES256', use: 'sig' };
      if (retiredAt !== undefined) jwk.retiredAt = retiredAt;
      return jwk;
    }),
  };
}

function readKeyConfig(config: string): ConfiguredKey[] {
  let json: unknown;
  try {
    json = JSON.parse(config);
  } catch {
    // V8's message quotes the input, which may hold a private key: say only where the problem is.
    throw new Error('token keys: the configuration is not JSON');
  }
  const parsed = KEY_CONFIG.safeParse(json);
  if (!parsed.success) throw new Error(`token keys: ${z.prettifyError(parsed.error)}`);
  const keyIds = new Set<string>();
  return parsed.data.keys.map((entry) => {
    if (keyIds.has(entry.kid)) throw new Error(`token keys: key id ${entry.kid} appears twice`);
    keyIds.add(entry.kid);
    if ('privateKey' in entry) {
      const privateKey = importP256(entry.kid, () => createPrivateKey({ key: Buffer.from(entry.privateKey, 'base64'), format: 'der', type: 'pkcs8' }));
      return { keyId: entry.kid, privateKey, publicKey: createPublicKey(privateKey), retiredAt: entry.retiredAt };
    }
    const publicKey = importP256(entry.kid, () => createPublicKey({ key: Buffer.from(entry.publicKey, 'base64'), format: 'der', type: 'spki' }));
    return { keyId: entry.kid, publicKey, retiredAt: entry.retiredAt };
  });
}

/** The key `load` reads, refused unless it is EC P-256; OpenSSL's own errors are replaced by one naming the key id. */
function importP256(keyId: string, load: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = load();
  } catch {
    throw new Error(`token keys: key ${keyId} is not base64 DER (PKCS#8 for privateKey, SPKI for publicKey)`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`token keys: key ${keyId} is not an EC P-256 key`);
  }
  return key;
}

function verifyingKeysOf(configured: readonly ConfiguredKey[]): VerifyingKeys {
  return new Map(configured.map(({ keyId, publicKey, retiredAt }) => [keyId, retiredAt === undefined ? { publicKey } : { publicKey, retiredAt }]));
}
