import type { OneTimeCode } from '../../typings/contract';
import type { Database, Transaction } from './cloudbase';
import type { OneTimeCodeKey } from './domain/one-time-code';
import { issueCode, redeemCode } from './one-time-codes';

/**
 * Account codes: a resident shows one to staff at the counter, so that staff can act on that WeChat account
 * (move a pass onto it, rebind a pass to it, link a guardian) without anyone typing or reading an openid.
 * Short-lived, since it is shown on a screen in a public place.
 */
export const ACCOUNT_CODE_LIFETIME_MS = 10 * 60_000;

/** A code naming `openid`'s account; the code document records the account as its creator. */
export function issueAccountCode(db: Database, key: OneTimeCodeKey, openid: string, now: Date): Promise<OneTimeCode> {
  return issueCode(db, key, { purpose: 'account', payload: null, createdBy: openid, now, lifetimeMs: ACCOUNT_CODE_LIFETIME_MS });
}

/** The account a used code names, and when the code was shown (created): acts that must not rest on an older state check it. */
export interface AccountCodeUse {
  openid: string;
  shownAt: Date;
}

/**
 * Uses the code inside the caller's transaction and answers the account it names, or throws CODE_INVALID
 * (unknown, used or expired). The act on that account belongs in the same transaction: one code, one act.
 */
export async function useAccountCode(transaction: Transaction, key: OneTimeCodeKey, code: string, redeemedBy: string, now: Date): Promise<AccountCodeUse> {
  const document = await redeemCode<null>(transaction, key, code, 'account', redeemedBy, now);
  return { openid: document.createdBy, shownAt: document.createdAt };
}
