import type { ErrorCode } from '../../typings/contract';

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
};

export function messageFor(code: ErrorCode): string {
  return FALLBACK_MESSAGES[code];
}

/** True for the codes of the contract; a newer server may answer codes this build does not know. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FALLBACK_MESSAGES, value);
}
