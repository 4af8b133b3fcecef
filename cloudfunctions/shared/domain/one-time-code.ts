/**
 * Single-use codes people pass to each other: role invitations, family invitations, account codes shown to
 * staff. Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), typed or read aloud.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export type CodePurpose = 'role' | 'family' | 'account';

/** The stored form of a code: only its hash is kept, so a database reader cannot redeem codes. */
export interface OneTimeCodeDocument<P> {
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
