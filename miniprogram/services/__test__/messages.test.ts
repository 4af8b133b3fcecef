import type { ErrorCode } from '../../../typings/contract';
import { isErrorCode, messageFor } from '../messages';

/** Every code of the contract, spelled out so that a code added there without a sentence here fails tsc. */
const ALL_CODES: Record<ErrorCode, true> = {
  INVALID_REQUEST: true,
  UNKNOWN_ACTION: true,
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  INTERNAL: true,
  UNAVAILABLE: true,
  ID_INVALID: true,
  NAME_INVALID: true,
  ID_BOUND_TO_OTHER_ACCOUNT: true,
  ACCOUNT_HAS_PASS: true,
  ID_HAS_PRINTED_PASS: true,
  RATE_LIMITED: true,
  NO_PASS: true,
  CONFLICT: true,
  CODE_INVALID: true,
  NOT_FOUND: true,
  INVALID_STATE: true,
  LIMIT_REACHED: true,
  FACE_VERIFICATION_REQUIRED: true,
  FACE_VERIFICATION_MISMATCH: true,
  FACE_VERIFICATION_EXPIRED: true,
  FACE_VERIFICATION_FAILED: true,
};

describe('messageFor', () => {
  test.each(Object.keys(ALL_CODES) as ErrorCode[])('%s has a Chinese sentence that never shows the code', (code) => {
    const message = messageFor(code);

    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).not.toContain(code);
    expect(isErrorCode(code)).toBe(true);
  });

  test.each([
    ['length', '应为18位'],
    ['characters', '只能包含数字'],
    ['checkDigit', '校验码'],
    ['birthDate', '第7至14位'],
    ['region', '前6位'],
  ])('ID_INVALID with detail %s names that part of the number', (detail, part) => {
    expect(messageFor('ID_INVALID', detail)).toContain(part);
  });

  test('ID_INVALID with a part this build does not know falls back to the general sentence', () => {
    expect(messageFor('ID_INVALID', 'photo')).toBe(messageFor('ID_INVALID'));
  });

  test('RATE_LIMITED with detail says when to try again, in Beijing time', () => {
    expect(messageFor('RATE_LIMITED', String(Date.UTC(2025, 2, 1, 6, 5, 9)))).toBe(
      '尝试次数过多，请于 2025年3月1日 14:05:09 之后再试，或到社区办理',
    );
  });

  test('RATE_LIMITED with a detail that is not a time keeps the general sentence', () => {
    expect(messageFor('RATE_LIMITED', 'soon')).toBe(messageFor('RATE_LIMITED'));
  });
});

describe('isErrorCode', () => {
  test.each([['APPEAL_CLOSED'], [''], [42], [undefined], ['toString']])('refuses %p', (value) => {
    expect(isErrorCode(value)).toBe(false);
  });
});
