import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { checkDigitOf } from './domain/id-number';
import { maskIdNumber } from './domain/masking';
import {
  createIdProtector,
  generateIdProtectionEnv,
  IdDecryptionError,
  IdProtectionConfigError,
  parseIdProtectionKeys,
  type IdDecryptionFailure,
} from './privacy';

/** Synthetic: Beijing Dongcheng, 1990-03-07, sequence 447, with its computed check character. */
const ID = `11010119900307447${checkDigitOf('11010119900307447')}`;
const PURPOSE = 'pass.idNumber';
const normalisedIdNumber = fc.stringMatching(/^[0-9]{17}$/).map((first17) => first17 + checkDigitOf(first17));
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');
const env = generateIdProtectionEnv();
const protector = createIdProtector(parseIdProtectionKeys(env));

function decryptionFailure(open: () => unknown): IdDecryptionFailure | 'opened' {
  try {
    open();
    return 'opened';
  } catch (error) {
    if (error instanceof IdDecryptionError) return error.reason;
    throw error;
  }
}

describe('hash', () => {
  test('is HMAC-SHA256 with the hash key, as 43 characters of base64url: a valid CloudBase document id', () => {
    const hashed = protector.hash(ID);
    expect(hashed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashed).toBe(createHmac('sha256', Buffer.from(env.ID_HASH_KEY, 'base64')).update(ID).digest('base64url'));
  });

  test('depends on the key: another deployment cannot link its hashes to ours', () => {
    expect(createIdProtector(parseIdProtectionKeys(generateIdProtectionEnv())).hash(ID)).not.toBe(protector.hash(ID));
  });

  test.each([
    ['trailing space', `${ID} `],
    ['lower-case x', '12345678901234567x'],
    ['17 characters', ID.slice(0, 17)],
  ])('refuses an unnormalised number (%s): parse it first, or the same person gets a second hash', (_label, input) => {
    expect(() => protector.hash(input)).toThrow(RangeError);
    expect(() => protector.encrypt(input, PURPOSE)).toThrow(RangeError);
  });

  test('is deterministic, and distinct for distinct numbers in a sample', () => {
    fc.assert(
      fc.property(fc.uniqueArray(normalisedIdNumber, { minLength: 2, maxLength: 50 }), (ids) => {
        const hashes = ids.map((id) => protector.hash(id));
        expect(ids.map((id) => protector.hash(id))).toEqual(hashes);
        expect(new Set(hashes).size).toBe(ids.length);
      }),
    );
  });
});

describe('encrypt and decrypt', () => {
  test('seal as v1.<keyId>.<iv>.<ciphertext>.<tag> in base64url, never showing the number, with a fresh IV each time', () => {
    const sealed = protector.encrypt(ID, PURPOSE);
    expect(sealed).toMatch(/^v1\.dev1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain(ID.slice(0, 6));
    expect(protector.encrypt(ID, PURPOSE)).not.toBe(sealed);
  });

  test('round-trip any normalised number', () => {
    fc.assert(
      fc.property(normalisedIdNumber, fc.string({ minLength: 1 }), (id, purpose) => {
        expect(protector.decrypt(protector.encrypt(id, purpose), purpose)).toBe(id);
      }),
    );
  });

  test('a value sealed for one purpose does not open for another', () => {
    const sealed = protector.encrypt(ID, 'pass.idNumber');
    expect(decryptionFailure(() => protector.decrypt(sealed, 'appeal.idNumber'))).toBe('authentication');
  });

  test('an empty purpose is a programming error', () => {
    expect(() => protector.encrypt(ID, '')).toThrow(RangeError);
  });

  test.each<[string, (sealed: string) => string, IdDecryptionFailure]>([
    ['another version', (sealed) => sealed.replace(/^v1\./, 'v2.'), 'unsupportedVersion'],
    ['an unknown key id', (sealed) => sealed.replace('.dev1.', '.k9.'), 'unknownKey'],
    ['a missing part', (sealed) => sealed.slice(0, sealed.lastIndexOf('.')), 'malformed'],
    ['an extra part', (sealed) => `${sealed}.AAAA`, 'malformed'],
    ['a shortened tag', (sealed) => sealed.slice(0, -2), 'malformed'],
    ['padding added', (sealed) => `${sealed}==`, 'malformed'],
    ['an empty value', () => '', 'malformed'],
  ])('refuse %s', (_label, alter, reason) => {
    const sealed = protector.encrypt(ID, PURPOSE);
    expect(decryptionFailure(() => protector.decrypt(alter(sealed), PURPOSE))).toBe(reason);
  });

  test('refuse every value with any one character changed to any other base64url character or separator', () => {
    const sealed = protector.encrypt(ID, PURPOSE);
    const opened: string[] = [];
    for (let position = 0; position < sealed.length; position += 1) {
      for (const replacement of `${BASE64URL_ALPHABET}.+/=`) {
        const altered = sealed.slice(0, position) + replacement + sealed.slice(position + 1);
        if (replacement !== sealed[position] && decryptionFailure(() => protector.decrypt(altered, PURPOSE)) === 'opened') opened.push(altered);
      }
    }
    expect(opened).toEqual([]);
  });

  test('refuse every value with any bit of its IV, ciphertext or tag flipped', () => {
    fc.assert(
      fc.property(normalisedIdNumber, (id) => {
        const [version, keyId, ...binaryParts] = protector.encrypt(id, PURPOSE).split('.');
        const reasons = new Set<string>();
        binaryParts.forEach((part, partIndex) => {
          const bytes = Buffer.from(part, 'base64url');
          for (let bit = 0; bit < bytes.length * 8; bit += 1) {
            const flipped = Buffer.from(bytes);
            flipped[bit >> 3] ^= 1 << (bit & 7);
            const parts = binaryParts.map((original, index) => (index === partIndex ? flipped.toString('base64url') : original));
            reasons.add(decryptionFailure(() => protector.decrypt([version, keyId, ...parts].join('.'), PURPOSE)));
          }
        });
        expect([...reasons]).toEqual(['authentication']);
      }),
      { numRuns: 20 },
    );
  });
});

describe('key rotation', () => {
  const oldKeys = { ID_HASH_KEY: env.ID_HASH_KEY, ID_ENCRYPTION_KEYS: 'k1:' + key() };
  const rotated = { ...oldKeys, ID_ENCRYPTION_KEYS: `k2:${key()}, ${oldKeys.ID_ENCRYPTION_KEYS}` };
  const before = createIdProtector(parseIdProtectionKeys(oldKeys));
  const after = createIdProtector(parseIdProtectionKeys(rotated));

  test('the first key of ID_ENCRYPTION_KEYS seals new values; older keys still open what they sealed', () => {
    const sealedBefore = before.encrypt(ID, PURPOSE);
    expect(after.encrypt(ID, PURPOSE)).toMatch(/^v1\.k2\./);
    expect(after.decrypt(sealedBefore, PURPOSE)).toBe(ID);
  });

  test('a value relabelled with another known key id does not open: the key id is bound too', () => {
    const relabelled = before.encrypt(ID, PURPOSE).replace('.k1.', '.k2.');
    expect(decryptionFailure(() => after.decrypt(relabelled, PURPOSE))).toBe('authentication');
  });

  test('once a key is dropped its values report an unknown key', () => {
    const withoutOldKey = createIdProtector(parseIdProtectionKeys({ ...rotated, ID_ENCRYPTION_KEYS: rotated.ID_ENCRYPTION_KEYS.split(',')[0] }));
    expect(decryptionFailure(() => withoutOldKey.decrypt(before.encrypt(ID, PURPOSE), PURPOSE))).toBe('unknownKey');
  });

  test('hashes do not change with encryption keys, so look-ups survive rotation', () => {
    expect(after.hash(ID)).toBe(before.hash(ID));
  });
});

describe('mask', () => {
  test('is the display form of maskIdNumber', () => {
    expect(protector.mask(ID)).toBe(maskIdNumber(ID));
  });
});

describe('parseIdProtectionKeys', () => {
  const hashKey = key();
  const encryptionKey = key();

  test.each([
    ['no hash key', {}, /ID_HASH_KEY is not set/],
    ['a blank hash key', { ID_HASH_KEY: '  ', ID_ENCRYPTION_KEYS: `k1:${encryptionKey}` }, /ID_HASH_KEY is not set/],
    ['a 16-byte hash key', { ID_HASH_KEY: key(16), ID_ENCRYPTION_KEYS: `k1:${encryptionKey}` }, /ID_HASH_KEY must be at least 32 bytes, it has 16/],
    ['a hash key that is not base64', { ID_HASH_KEY: `${hashKey}!`, ID_ENCRYPTION_KEYS: `k1:${encryptionKey}` }, /ID_HASH_KEY is not base64/],
    ['no encryption keys', { ID_HASH_KEY: hashKey }, /ID_ENCRYPTION_KEYS is not set/],
    ['an entry without key id', { ID_HASH_KEY: hashKey, ID_ENCRYPTION_KEYS: encryptionKey }, /each entry must be "<keyId>:<base64 key>"/],
    ['a key id with a dot', { ID_HASH_KEY: hashKey, ID_ENCRYPTION_KEYS: `k.1:${encryptionKey}` }, /each entry must be/],
    ['an entry without key', { ID_HASH_KEY: hashKey, ID_ENCRYPTION_KEYS: 'k1:' }, /ID_ENCRYPTION_KEYS key k1 is not set/],
    ['a 16-byte encryption key', { ID_HASH_KEY: hashKey, ID_ENCRYPTION_KEYS: `k1:${key(16)}` }, /encryption key k1 must be 32 bytes, it has 16/],
    ['a duplicate key id', { ID_HASH_KEY: hashKey, ID_ENCRYPTION_KEYS: `k1:${encryptionKey},k1:${key()}` }, /key id k1 appears twice/],
    ['the hash key reused for encryption', { ID_HASH_KEY: encryptionKey, ID_ENCRYPTION_KEYS: `k1:${encryptionKey}` }, /must differ from ID_HASH_KEY/],
  ])('refuses %s with a message naming the variable and never the key', (_label, values, message) => {
    const read = () => parseIdProtectionKeys(values);
    expect(read).toThrow(IdProtectionConfigError);
    expect(read).toThrow(message);
    try {
      read();
    } catch (error) {
      for (const secret of [hashKey, encryptionKey]) expect((error as Error).message).not.toContain(secret);
    }
  });

  test('reads base64url as well as base64, trims spaces, and takes the first key as active', () => {
    const keys = parseIdProtectionKeys({
      ID_HASH_KEY: ` ${randomBytes(48).toString('base64url')} `,
      ID_ENCRYPTION_KEYS: ` new:${randomBytes(32).toString('base64url')} , old:${encryptionKey}`,
    });
    expect(keys.hashKey).toHaveLength(48);
    expect([...keys.encryptionKeys.keys()]).toEqual(['new', 'old']);
    expect(keys.activeEncryptionKeyId).toBe('new');
  });

  test('createIdProtector checks keys built by hand too', () => {
    const encryptionKeys = new Map([['k1', randomBytes(32)]]);
    expect(() => createIdProtector({ hashKey: randomBytes(32), encryptionKeys, activeEncryptionKeyId: 'k2' })).toThrow(/active encryption key k2/);
    expect(() => createIdProtector({ hashKey: randomBytes(31), encryptionKeys, activeEncryptionKeyId: 'k1' })).toThrow(IdProtectionConfigError);
  });

  test('a protector keeps its own copy of the keys: changing the caller’s map later changes nothing', () => {
    const encryptionKeys = new Map([['k1', randomBytes(32)]]);
    const keys = { hashKey: randomBytes(32), encryptionKeys, activeEncryptionKeyId: 'k1' };
    const own = createIdProtector(keys);
    const sealed = own.encrypt(ID, PURPOSE);
    const hashed = own.hash(ID);
    encryptionKeys.get('k1')?.fill(0);
    keys.hashKey.fill(0);
    expect(own.decrypt(sealed, PURPOSE)).toBe(ID);
    expect(own.hash(ID)).toBe(hashed);
  });
});

describe('generateIdProtectionEnv', () => {
  test('writes fresh, usable keys in configuration form', () => {
    const first = generateIdProtectionEnv();
    const second = generateIdProtectionEnv();
    expect(first.ID_HASH_KEY).not.toBe(second.ID_HASH_KEY);
    expect(first.ID_ENCRYPTION_KEYS).not.toBe(second.ID_ENCRYPTION_KEYS);
    const keys = parseIdProtectionKeys(first);
    expect(keys.hashKey).toHaveLength(32);
    expect(keys.encryptionKeys.get(keys.activeEncryptionKeyId)).toHaveLength(32);
  });
});
