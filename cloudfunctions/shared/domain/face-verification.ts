import { createHash } from 'node:crypto';
import type { Refusal } from './pass-acts';

/**
 * WeChat face verification 2.0 (微信人脸核身): the server asks for a verify id bound to a name, an ID number and
 * an openid (getVerifyId), the phone scans the face (wx.requestFacialVerify), the server asks for the result
 * (queryVerifyInfo). Pure rules here; the HTTP calls live in identity-verifier.ts.
 */

/** The person a verification is about, as on the ID card (normalised name and ID number). */
export interface CertInfo {
  name: string;
  idNumber: string;
}

/**
 * cert_hash of queryVerifyInfo: lowercase hex SHA-256 of `cert_type=<b64>&cert_name=<b64>&cert_no=<b64>`, each
 * field in standard base64 of its UTF-8, so WeChat can check the result is asked about the same person.
 */
export function certHash(cert: CertInfo): string {
  const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
  return createHash('sha256').update(`cert_type=${b64('IDENTITY_CARD')}&cert_name=${b64(cert.name)}&cert_no=${b64(cert.idNumber)}`).digest('hex');
}

/** out_seq_no: 5 to 32 of digits, letters, `_` and `-`, unique per AppID. */
export const OUT_SEQ_NO = /^[0-9A-Za-z_-]{5,32}$/;

/** verify_ret of a face that matched the ID card's photo. */
export const VERIFY_PASSED = 10000;

/** How long a successful verification lets its account apply: WeChat's verify id lives an hour (expires_in 3600). */
export const VERIFICATION_VALID_MS = 3_600_000;

export type VerificationOutcome = { passed: true } | { passed: false; verifyRet: number };

/**
 * What the resident is told when a verification did not pass, by verify_ret. The advice follows the 随申码
 * guide's questions 12 to 14: even light, no mask, no face mask.
 */
export function failureMessage(verifyRet: number): string {
  if (verifyRet >= 90002 && verifyRet <= 90006) return '人脸核验已取消。需要核验本人后才能申领，请再次提交并完成核验';
  if (verifyRet >= 90008 && verifyRet <= 90010) return '人脸核验需要使用相机和麦克风。请在手机「设置」中允许微信使用相机和麦克风后再试';
  if (verifyRet === 90001 || verifyRet === 90109) return '这台手机不支持人脸核验。请换一台手机，或携带身份证到社区办理';
  if (verifyRet === 90007 || verifyRet === 90012) return '网络不稳定，人脸核验没有完成。请在网络良好的地方再试';
  if (verifyRet >= 10003 && verifyRet < 10100) return '人脸与身份证信息不一致。请确认姓名和身份证号码是本人的，由本人进行核验';
  return '没有采集到清晰的人脸。请到光线均匀的地方（避免强光直射和逆光），摘下口罩、帽子和墨镜，不要贴面膜，正对手机按提示再试';
}

/**
 * A started verification as stored: never the ID number or the name, only keyed hashes bound to the account. Kept
 * for support questions ("why did it fail") RETENTION_DAYS.faceVerifications after `createdAt` (domain/retention.ts),
 * then swept by cron. Records written before carry an `expiresAt` too, which nothing reads any more.
 */
export interface FaceVerificationDocument {
  /** Our out_seq_no. */
  _id: string;
  openid: string;
  /** personBinding(): the name and the ID number, compared when the account applies. */
  personBinding: string;
  verifier: 'wechat' | 'local';
  verifyId: string;
  createdAt: Date;
  /** Until when the verification lets the account apply. */
  validUntil: Date;
  /** The last result WeChat gave, when asked. */
  verifyRet?: number;
  checkedAt?: Date;
}

/**
 * Binds a verification to one name and one ID number without keeping either: a hash over the person key (an
 * HMAC of the ID number, so the result cannot be brute-forced without the key) and the name.
 */
export function personBinding(personKey: string, name: string): string {
  return createHash('sha256').update(`${personKey}\u0000${name}`, 'utf8').digest('base64url');
}

/** A reason the verification cannot back the application (the shape every domain refusal has). */
export type VerificationProblem = Refusal;

/** No verification of this account: none was given, it does not exist, or another account started it. */
export const NOT_VERIFIED: VerificationProblem = { code: 'FACE_VERIFICATION_REQUIRED', message: '请先完成人脸核验，确认是本人申领' };

/**
 * Whether a stored verification may back this application, before WeChat is asked for its result: the same
 * account, the same name and ID number, within its hour. Null when it may.
 */
export function verificationProblem(
  record: FaceVerificationDocument,
  application: { openid: string; personBinding: string; now: Date },
): VerificationProblem | null {
  if (record.openid !== application.openid) return NOT_VERIFIED;
  if (record.personBinding !== application.personBinding) {
    return { code: 'FACE_VERIFICATION_MISMATCH', message: '人脸核验时填写的姓名或身份证号码与本次申请不一致，请重新提交并核验' };
  }
  if (record.validUntil.getTime() <= application.now.getTime()) {
    return { code: 'FACE_VERIFICATION_EXPIRED', message: '人脸核验已超过 1 小时，请重新提交并核验' };
  }
  return null;
}
