import { randomBytes } from 'node:crypto';
import type { OneTimeCode } from '../../typings/contract';
import { readInTransaction, type Database, type Transaction } from './cloudbase';
import { AppError } from './errors';
import {
  codeFromRandom,
  isWellFormedCode,
  normaliseCode,
  oneTimeCodeId,
  redeemProblem,
  type CodePurpose,
  type OneTimeCodeDocument,
  type OneTimeCodeKey,
} from './domain/one-time-code';
import { COLLECTIONS } from './schema';

export interface IssueRequest<P> {
  purpose: CodePurpose;
  payload: P;
  createdBy: string;
  now: Date;
  lifetimeMs: number;
}

/**
 * Creates a code; only its keyed hash is stored (`key`: config.oneTimeCodeKey()). Pass the transaction of the
 * act that hands it out, if any.
 */
export async function issueCode<P>(writer: Database | Transaction, key: OneTimeCodeKey, request: IssueRequest<P>): Promise<OneTimeCode> {
  const buffer = randomBytes(64);
  let position = 0;
  const code = codeFromRandom(() => (position < buffer.length ? buffer[position++] : randomBytes(1)[0]));
  const expiresAt = new Date(request.now.getTime() + request.lifetimeMs);
  const document: OneTimeCodeDocument<P> = {
    _id: oneTimeCodeId(key, code),
    purpose: request.purpose,
    payload: request.payload,
    createdBy: request.createdBy,
    createdAt: request.now,
    expiresAt,
    redeemedBy: null,
    redeemedAt: null,
  };
  await writer.collection(COLLECTIONS.oneTimeCodes).add(document);
  return { code, expiresAt: expiresAt.getTime() };
}

/**
 * Marks a code used by `redeemer` inside the caller's transaction and answers what it carries, or throws
 * CODE_INVALID. The caller performs the effect in the same transaction: a code works exactly once.
 */
export async function redeemCode<P>(
  transaction: Transaction,
  key: OneTimeCodeKey,
  input: string,
  purpose: CodePurpose,
  redeemer: string,
  now: Date,
): Promise<OneTimeCodeDocument<P>> {
  const code = normaliseCode(input);
  if (!isWellFormedCode(code)) throw new AppError('CODE_INVALID', '验证码应为 8 位字母和数字，请核对后重新输入');
  const data = await readInTransaction<OneTimeCodeDocument<P>>(transaction, COLLECTIONS.oneTimeCodes, oneTimeCodeId(key, code));
  const problem = redeemProblem(data, purpose, now);
  if (problem || !data) throw new AppError('CODE_INVALID', problem ?? '验证码不正确');
  await transaction.collection(COLLECTIONS.oneTimeCodes).doc(data._id).update({ redeemedBy: redeemer, redeemedAt: now });
  return data;
}
