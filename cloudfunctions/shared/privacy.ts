import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { isNormalisedIdNumber } from './domain/id-number';
import { maskIdNumber } from './domain/masking';

/**
 * How ID numbers are kept: never in clear. A keyed hash (HMAC-SHA256) serves look-ups and deterministic
 * document ids, an AES-256-GCM copy serves the rare staff need, a masked form serves display.
 *
 * Every function here takes the normalised number that parseIdNumber returns and throws on anything else:
 * normalising (trimming, X case, full-width digits) is the caller's job, done by parsing first, and a
 * number hashed unnormalised would silently get a second document id.
 */
export interface IdProtectionKeys {
  /** HMAC key, at least 32 bytes. */
  hashKey: Buffer;
  /** keyId -> 32-byte AES key; old keys stay to decrypt what they sealed. */
  encryptionKeys: ReadonlyMap<string, Buffer>;
  /** The key new values are sealed with. */
  activeEncryptionKeyId: string;
}

export interface IdProtector {
  /** base64url without padding, 43 characters: usable as a CloudBase document id. */
  hash(idNumber: string): string;
  /** `v1.<keyId>.<iv>.<ciphertext>.<tag>`, base64url parts; `purpose` names the field and must match on decrypt. */
  encrypt(idNumber: string, purpose: string): string;
  /** Throws IdDecryptionError if the value was altered, sealed for another purpose or with an unknown key. */
  decrypt(sealed: string, purpose: string): string;
  mask(idNumber: string): string;
}

/** The configuration is missing or unusable; the message names the variable, never the key. */
export class IdProtectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdProtectionConfigError';
  }
}

export type IdDecryptionFailure = 'malformed' | 'unsupportedVersion' | 'unknownKey' | 'authentication';

/** A sealed value could not be opened. 'authentication' covers both tampering and a wrong purpose: GCM cannot tell them apart. */
export class IdDecryptionError extends Error {
  constructor(readonly reason: IdDecryptionFailure) {
    super(`cannot decrypt the sealed ID number: ${reason}`);
    this.name = 'IdDecryptionError';
  }
}

const SEALED_VERSION = 'v1';
const SEALED_PART_COUNT = 5;
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ENCRYPTION_KEY_BYTES = 32;
const MIN_HASH_KEY_BYTES = 32;
/** No '.', ':' or ',' so that it can sit in the sealed form and in ID_ENCRYPTION_KEYS. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL_TEXT = /^[A-Za-z0-9_-]+$/;
const DEVELOPMENT_KEY_ID = 'dev1';

/**
 * Reads the keys from configuration values (base64 or base64url): ID_HASH_KEY, and ID_ENCRYPTION_KEYS as
 * "k2:<key>,k1:<key>" with the active key first. The caller passes the environment in.
 */
export function parseIdProtectionKeys(env: { ID_HASH_KEY?: string; ID_ENCRYPTION_KEYS?: string }): IdProtectionKeys {
  const hashKey = parseIdHashKey(env);
  const entries = (env.ID_ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) {
    throw new IdProtectionConfigError('ID_ENCRYPTION_KEYS is not set: give "<keyId>:<base64 key>" pairs separated by commas, the active key first');
  }
  const encryptionKeys = new Map<string, Buffer>();
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const keyId = separator < 0 ? '' : entry.slice(0, separator).trim();
    if (!KEY_ID.test(keyId)) {
      throw new IdProtectionConfigError('ID_ENCRYPTION_KEYS: each entry must be "<keyId>:<base64 key>" with a key id of letters, digits, _ or - (at most 32)');
    }
    if (encryptionKeys.has(keyId)) throw new IdProtectionConfigError(`ID_ENCRYPTION_KEYS: key id ${keyId} appears twice`);
    encryptionKeys.set(keyId, decodeConfiguredKey(`ID_ENCRYPTION_KEYS key ${keyId}`, entry.slice(separator + 1)));
  }
  // Map keeps insertion order: the first entry is the active key.
  const [activeEncryptionKeyId] = encryptionKeys.keys();
  const keys = { hashKey, encryptionKeys, activeEncryptionKeyId };
  assertUsableKeys(keys);
  return keys;
}

/** ID_HASH_KEY alone, checked as parseIdProtectionKeys checks it: for keys derived from it (one-time codes). */
export function parseIdHashKey(env: { ID_HASH_KEY?: string }): Buffer {
  const hashKey = decodeConfiguredKey('ID_HASH_KEY', env.ID_HASH_KEY);
  assertUsableHashKey(hashKey);
  return hashKey;
}

export function createIdProtector(keys: IdProtectionKeys): IdProtector {
  assertUsableKeys(keys);
  // Copies, so that later changes to the caller's map or buffers cannot change what this protector does.
  const hashKey = Buffer.from(keys.hashKey);
  const encryptionKeys = new Map([...keys.encryptionKeys].map(([keyId, key]) => [keyId, Buffer.from(key)] as const));
  const activeKeyId = keys.activeEncryptionKeyId;
  const activeKey = encryptionKeys.get(activeKeyId) as Buffer;
  return {
    hash(idNumber) {
      assertNormalised(idNumber);
      return createHmac('sha256', hashKey).update(idNumber, 'utf8').digest('base64url');
    },
    encrypt(idNumber, purpose) {
      assertNormalised(idNumber);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, activeKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(activeKeyId, purpose));
      const ciphertext = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
      return [SEALED_VERSION, activeKeyId, iv, ciphertext, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(sealed, purpose) {
      const parts = sealed.split('.');
      if (parts.length !== SEALED_PART_COUNT) throw new IdDecryptionError('malformed');
      const [version, keyId, ivText, ciphertextText, tagText] = parts;
      if (version !== SEALED_VERSION) throw new IdDecryptionError('unsupportedVersion');
      const key = encryptionKeys.get(keyId);
      if (key === undefined) throw new IdDecryptionError('unknownKey');
      const iv = decodeCanonicalBase64url(ivText);
      const ciphertext = decodeCanonicalBase64url(ciphertextText);
      const tag = decodeCanonicalBase64url(tagText);
      if (iv?.length !== IV_BYTES || ciphertext === undefined || tag?.length !== TAG_BYTES) throw new IdDecryptionError('malformed');
      const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(keyId, purpose));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new IdDecryptionError('authentication');
      }
    },
    mask(idNumber) {
      return maskIdNumber(idNumber);
    },
  };
}

/** Fresh random keys in configuration form, for `npm start` to write into the git-ignored data folder. */
export function generateIdProtectionEnv(): { ID_HASH_KEY: string; ID_ENCRYPTION_KEYS: string } {
  return {
    ID_HASH_KEY: randomBytes(MIN_HASH_KEY_BYTES).toString('base64'),
    ID_ENCRYPTION_KEYS: `${DEVELOPMENT_KEY_ID}:${randomBytes(ENCRYPTION_KEY_BYTES).toString('base64')}`,
  };
}

function decodeConfiguredKey(name: string, text: string | undefined): Buffer {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') throw new IdProtectionConfigError(`${name} is not set`);
  if (!BASE64_TEXT.test(trimmed)) throw new IdProtectionConfigError(`${name} is not base64`);
  return Buffer.from(trimmed, 'base64');
}

function assertUsableHashKey(hashKey: Buffer): void {
  if (hashKey.length < MIN_HASH_KEY_BYTES) {
    throw new IdProtectionConfigError(`ID_HASH_KEY must be at least ${MIN_HASH_KEY_BYTES} bytes, it has ${hashKey.length}`);
  }
}

function assertUsableKeys(keys: IdProtectionKeys): void {
  assertUsableHashKey(keys.hashKey);
  for (const [keyId, key] of keys.encryptionKeys) {
    if (!KEY_ID.test(keyId)) throw new IdProtectionConfigError(`encryption key id ${JSON.stringify(keyId)} may hold only letters, digits, _ and -`);
    if (key.length !== ENCRYPTION_KEY_BYTES) {
      throw new IdProtectionConfigError(`encryption key ${keyId} must be ${ENCRYPTION_KEY_BYTES} bytes, it has ${key.length}`);
    }
    // One key for two algorithms couples their security; a copy-paste slip in configuration is the usual cause.
    if (key.equals(keys.hashKey)) throw new IdProtectionConfigError(`encryption key ${keyId} must differ from ID_HASH_KEY`);
  }
  if (!keys.encryptionKeys.has(keys.activeEncryptionKeyId)) {
    throw new IdProtectionConfigError(`the active encryption key ${keys.activeEncryptionKeyId} is not among the encryption keys`);
  }
}

function assertNormalised(idNumber: string): void {
  if (!isNormalisedIdNumber(idNumber)) throw new RangeError('expected a normalised ID number from parseIdNumber');
}

/** Binds version, key id and purpose, so a value sealed for one field cannot be replayed as another's. */
function associatedData(keyId: string, purpose: string): Buffer {
  if (purpose === '') throw new RangeError('a purpose is required to seal or open an ID number');
  return Buffer.from(JSON.stringify([SEALED_VERSION, keyId, purpose]), 'utf8');
}

/**
 * Node's base64url decoder skips characters it does not know and ignores the unused low bits of the last
 * character, so several texts decode to the same bytes. Only the one text that encodes them is accepted:
 * an altered character must never open.
 */
function decodeCanonicalBase64url(text: string): Buffer | undefined {
  if (!BASE64URL_TEXT.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
