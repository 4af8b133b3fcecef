import { randomBytes } from 'node:crypto';
import type { FaceVerificationStart } from '../../typings/contract';
import type { Database } from './cloudbase';
import {
  failureMessage,
  NOT_VERIFIED,
  personBinding,
  verificationProblem,
  VERIFICATION_VALID_MS,
  VERIFY_PASSED,
  type CertInfo,
  type FaceVerificationDocument,
} from './domain/face-verification';
import type { RateLimit } from './domain/rate-limit';
import { AppError, refusalError, refuseIf } from './errors';
import { WeChatApiError, type IdentityVerifier } from './identity-verifier';
import type { IdProtector } from './privacy';
import { assertWithinLimit, recordAttempt } from './rate-limit';
import { COLLECTIONS } from './schema';

/** Face scans an account may start a day: enough for bad light and a retry or two, not for probing ID numbers. */
export const FACE_VERIFICATION_LIMIT: RateLimit = { scope: 'face', max: 10, windowMs: 24 * 3_600_000 };

/** WeChat "system busy": worth retrying, like a timeout or a dropped connection. */
const WECHAT_BUSY = -1;

/** WeChat's answer as a typed failure: UNAVAILABLE when retrying may help, FACE_VERIFICATION_FAILED when it may not. */
async function askWeChat<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WeChatApiError && error.errcode !== WECHAT_BUSY) {
      // Among them: WeChat finds name, ID number and openid inconsistent with the verify id (tampering).
      throw new AppError('FACE_VERIFICATION_FAILED', `人脸核验没有通过（微信返回 ${error.errcode}）。请确认姓名和身份证号码是本人的，重新提交并核验`, `errcode:${error.errcode}`);
    }
    throw new AppError('UNAVAILABLE', '人脸核验服务暂时无法连接，请稍后再试');
  }
}

export interface FaceVerificationRequest {
  openid: string;
  /** Normalised (parsePersonName, parseIdNumber). */
  cert: CertInfo;
  now: Date;
}

/** Asks WeChat for a verify id bound to this person and account, and keeps the binding (never the ID number). */
export async function startFaceVerification(
  db: Database,
  verifier: IdentityVerifier,
  protector: IdProtector,
  { openid, cert, now }: FaceVerificationRequest,
): Promise<FaceVerificationStart> {
  await assertWithinLimit(db, FACE_VERIFICATION_LIMIT, openid, now);
  // Counted before WeChat is asked: a scan started is a scan spent, whether or not it is finished.
  await recordAttempt(db, FACE_VERIFICATION_LIMIT, openid, now);
  const outSeqNo = randomBytes(18).toString('base64url');
  const { verifyId, expiresInSeconds } = await askWeChat(() => verifier.start({ outSeqNo, cert, openid }));
  const validUntil = new Date(now.getTime() + Math.min(expiresInSeconds * 1000, VERIFICATION_VALID_MS));
  const record: FaceVerificationDocument = {
    _id: outSeqNo,
    openid,
    personBinding: personBinding(protector.hash(cert.idNumber), cert.name),
    verifier: verifier.kind,
    verifyId,
    createdAt: now,
    validUntil,
  };
  await db.collection(COLLECTIONS.faceVerifications).add(record);
  return { verification: outSeqNo, verifyId, validUntil: validUntil.getTime() };
}

/**
 * Throws unless `verification` is a passed face scan of this account, of this name and ID number, within its
 * hour. WeChat is asked once: a pass is remembered, so a retried apply costs no second call.
 */
export async function assertFaceVerified(
  db: Database,
  verifier: IdentityVerifier,
  protector: IdProtector,
  { openid, cert, now, verification }: FaceVerificationRequest & { verification: string | undefined },
): Promise<void> {
  const records = db.collection(COLLECTIONS.faceVerifications);
  const record = verification ? ((await records.doc(verification).get()).data as FaceVerificationDocument[])[0] : undefined;
  if (!record) throw refusalError(NOT_VERIFIED);
  const problem = verificationProblem(record, { openid, personBinding: personBinding(protector.hash(cert.idNumber), cert.name), now });
  refuseIf(problem);
  if (record.verifyRet === VERIFY_PASSED) return;

  const outcome = await askWeChat(() => verifier.outcome({ outSeqNo: record._id, verifyId: record.verifyId, cert, openid }));
  const verifyRet = outcome.passed ? VERIFY_PASSED : outcome.verifyRet;
  await records.doc(record._id).update({ verifyRet, checkedAt: now });
  if (!outcome.passed) throw new AppError('FACE_VERIFICATION_FAILED', failureMessage(outcome.verifyRet), String(outcome.verifyRet));
}
