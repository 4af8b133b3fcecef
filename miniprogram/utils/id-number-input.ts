/** Full-width digits and Ｘ/ｘ, which Chinese input methods type in full-width mode; the server accepts them too. */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF38\uFF58]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
export const ID_NUMBER_LENGTH = 18;

/**
 * A quick look at an ID number before it is sent, so that a plain typing slip is pointed out at once: only the
 * length and the characters. The server checks everything (region, birth date, check digit) and its message
 * is the one that counts, so this must never refuse a number the server would take.
 * Answers what to fix, or null when the number may be sent.
 */
export function idNumberInputProblem(raw: string): string | null {
  const value = raw
    .trim()
    .replace(FULL_WIDTH, (character) => String.fromCharCode(character.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .toUpperCase();
  if (value === '') return '请输入身份证号码';
  if (/\s/.test(value)) return '号码中间不能有空格，请去掉空格';
  if (!/^[0-9X]+$/.test(value)) return '身份证号码只能包含数字，最后一位可以是X';
  if (value.length !== ID_NUMBER_LENGTH) return `身份证号码应为18位，您输入了${value.length}位`;
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return '只有最后一位可以是X，请核对';
  return null;
}
