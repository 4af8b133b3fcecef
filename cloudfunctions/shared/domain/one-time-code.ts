import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Single-use codes people pass to each other: role invitations, family invitations, account codes shown to
 * staff. Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), typed or read aloud.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export type CodePurpose = 'role' | 'family' | 'account';

/**
 * The key code ids are computed with. 31^8 codes are too few for a bare hash: anyone reading the database could
 * try them all in minutes. Keyed, the stored id is useless without the key. Branded, so that only
 * deriveOneTimeCodeKey makes one and a deployment secret is never used for codes as it is.
 */
export type OneTimeCodeKey = Buffer & { readonly __purpose: 'one-time-code' };

/**
 * HKDF's purpose label. A new version gives a new key: every code in flight becomes unknown, the way to rotate
 * the code key alone.
 */
export const ONE_TIME_CODE_KEY_LABEL = 'tongxing/one-time-code/v1';
const ONE_TIME_CODE_KEY_BYTES = 32;

/** A sub-key (HKDF-SHA256) of `baseKey` for codes only: its code ids say nothing about the base key's other uses. */
export function deriveOneTimeCodeKey(baseKey: Buffer): OneTimeCodeKey {
  return Buffer.from(hkdfSync('sha256', baseKey, Buffer.alloc(0), ONE_TIME_CODE_KEY_LABEL, ONE_TIME_CODE_KEY_BYTES)) as OneTimeCodeKey;
}

/** The document id of a normalised code: HMAC-SHA256, base64url (43 characters). */
export function oneTimeCodeId(key: OneTimeCodeKey, code: string): string {
  return createHmac('sha256', key).update(code, 'utf8').digest('base64url');
}

/** The stored form of a code: only its keyed hash is kept, so a database reader cannot redeem codes. */
export interface OneTimeCodeDocument<P> {
  /** oneTimeCodeId of the code. */
  _id: string;
  purpose: CodePurpose;
  payload: P;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  redeemedBy: string | null;
  redeemedAt: Date | null;
}

/** A code from random bytes (one byte per character; rejection sampling keeps the alphabet uniform). */
export function codeFromRandom(nextByte: () => number): string {
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = '';
  while (code.length < CODE_LENGTH) {
    const byte = nextByte();
    if (byte < limit) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  return code;
}

/** What people type: any case, spaces or dashes between groups. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isWellFormedCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((character) => CODE_ALPHABET.includes(character));
}

/** Why a stored code cannot be redeemed now, in words for the person holding it; null when it can. */
export function redeemProblem<P>(document: OneTimeCodeDocument<P> | undefined, purpose: CodePurpose, now: Date): string | null {
  if (!document || document.purpose !== purpose) return '验证码不正确，请核对后重新输入';
  if (document.redeemedAt !== null) return '该验证码已被使用，请向对方重新索取';
  if (document.expiresAt.getTime() <= now.getTime()) return '该验证码已过期，请向对方重新索取';
  return null;
}
