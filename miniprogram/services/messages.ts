import type { ErrorCode } from '../../typings/contract';
import { formatBeijingTime } from '../utils/beijing-time';

/**
 * What to tell a resident for each failure code when the server sent no message of its own. Written for people
 * who do not know what a server is: say what happened and what they can do.
 */
const FALLBACK_MESSAGES: Record<ErrorCode, string> = {
  INVALID_REQUEST: '填写的内容有误，请检查后重试',
  UNKNOWN_ACTION: '当前版本暂不支持此操作，请更新小程序后重试',
  UNAUTHENTICATED: '未能确认您的微信身份，请关闭小程序后重新打开',
  FORBIDDEN: '您的账号没有办理此事项的权限',
  INTERNAL: '系统繁忙，请稍后重试',
  UNAVAILABLE: '网络不可用，请稍后重试',
  ID_INVALID: '身份证号码不正确，请对照证件核对后重新填写',
  NAME_INVALID: '姓名不正确，请按证件上的姓名填写',
  ID_BOUND_TO_OTHER_ACCOUNT: '该身份证号码的通行证已绑定其他微信号。如果不是您本人操作，请申诉，或携带身份证到社区办理换绑',
  ACCOUNT_HAS_PASS: '此微信号已申领过通行证。一个微信号只能申领一次，请勿借用自己的微信号为他人申领',
  ID_HAS_PRINTED_PASS: '社区已为您办理纸质通行证。如需改用微信出示，请携带身份证到社区办理',
  RATE_LIMITED: '尝试次数过多，请稍后再试，或到社区办理',
  NO_PASS: '您还没有申领通行证',
  CONFLICT: '同时有其他操作，请刷新后再试',
  CODE_INVALID: '验证码不正确或已过期，请核对后重新输入，或请对方重新获取',
  NOT_FOUND: '没有找到要办理的记录，请刷新后再试',
  INVALID_STATE: '当前状态不能办理此事项，请刷新后查看',
  LIMIT_REACHED: '已达到人数上限，请先撤销不再需要的授权',
  FACE_VERIFICATION_REQUIRED: '申领需要先完成人脸核验，确认是本人申领',
  FACE_VERIFICATION_MISMATCH: '人脸核验时的姓名或身份证号码与申请不一致，请重新提交并核验',
  FACE_VERIFICATION_EXPIRED: '人脸核验已过期，请重新提交并核验',
  FACE_VERIFICATION_FAILED: '人脸核验没有通过。请在光线均匀的地方，摘下口罩后再试，或携带身份证到社区办理',
};

/** Which part of an ID number is wrong (the `detail` of ID_INVALID), said as the place to look on the card. */
const ID_PART_MESSAGES: Record<string, string> = {
  length: '身份证号码应为18位，请核对位数',
  characters: '身份证号码只能包含数字，最后一位可以是X',
  checkDigit: '校验码不正确，请逐位核对号码，尤其是最后一位',
  birthDate: '出生日期不正确，请核对第7至14位（出生年月日）',
  region: '地区代码不正确，请核对号码的前6位',
};

/**
 * The sentence for a failure without a server message. `detail` sharpens two codes: the part of an ID number
 * that is wrong, and the epoch ms after which a rate-limited account may try again.
 */
export function messageFor(code: ErrorCode, detail?: string): string {
  if (code === 'ID_INVALID' && detail !== undefined && ID_PART_MESSAGES[detail]) return ID_PART_MESSAGES[detail];
  if (code === 'RATE_LIMITED' && detail !== undefined && /^[0-9]+$/.test(detail)) {
    return `尝试次数过多，请于 ${formatBeijingTime(Number(detail))} 之后再试，或到社区办理`;
  }
  return FALLBACK_MESSAGES[code];
}

/** True for the codes of the contract; a newer server may answer codes this build does not know. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FALLBACK_MESSAGES, value);
}
