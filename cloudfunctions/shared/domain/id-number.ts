import { daysInMonth } from './colour/time';
import { isMainlandProvinceCode, isProvinceLevelCode } from './regions';

/**
 * 18-character ID numbers built like the citizen ID number of GB 11643-1999: six-digit address code, eight-digit
 * birth date, three-digit sequence and an ISO 7064 MOD 11-2 check character. Four kinds share this shape:
 * - resident: citizen ID card, the first two digits a province-level code;
 * - hkMacaoResidence / taiwanResidence: residence permits for Hong Kong and Macao (810000/820000) and for
 *   Taiwan (830000) residents, which use the fixed address codes in place of a county;
 * - foreignPermanentResidence: the foreigner's permanent residence ID card issued since 2023-12-01. The
 *   National Immigration Administration's machine-readable rules say it starts with '9' (citizens start
 *   with 1-8), is 17 digits plus a MOD 11-2 check like the citizen number, and turned the old three-letter
 *   nationality into a numeric code. We take the layout to be '9' + two-digit province code of the issuing
 *   (mainland) authority + three-digit nationality code + birth date + sequence + check, as published
 *   implementations read it. The nationality code is not checked: we keep no country list, and the check
 *   digit still guards it against typing mistakes.
 */
export type IdNumberKind = 'resident' | 'hkMacaoResidence' | 'taiwanResidence' | 'foreignPermanentResidence';

export type IdNumberProblem = 'length' | 'characters' | 'checkDigit' | 'birthDate' | 'region';

export type ParsedIdNumber =
  | {
      ok: true;
      /** Normalised: 18 ASCII characters, 17 digits and a digit or upper-case X. */
      value: string;
      kind: IdNumberKind;
      /** YYYY-MM-DD */
      birthDate: string;
      /** The first six characters (for a foreigner's card: '9', issuing province and nationality). */
      regionCode: string;
    }
  | {
      ok: false;
      problem: IdNumberProblem;
      /** zh-CN, says what to fix; never repeats the number, since messages can end up in logs. */
      message: string;
    };

export const ID_NUMBER_LENGTH = 18;

/** Weight of position i is 2^(17-i) mod 11. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for (weighted sum mod 11) = 0..10. */
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '19000101';

const NORMALISED_ID_NUMBER = /^[0-9]{17}[0-9X]$/;
const SEVENTEEN_DIGITS = /^[0-9]{17}$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Full-width digits, Ｘ and ｘ, which Chinese input methods produce in full-width mode. */
const FULL_WIDTH_ID_CHARACTERS = /[\uFF10-\uFF19\uFF38\uFF58]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

/** True for the form parseIdNumber returns; hashing, encryption and masking accept nothing else. */
export function isNormalisedIdNumber(value: string): boolean {
  return NORMALISED_ID_NUMBER.test(value);
}

export function checkDigitOf(first17: string): string {
  if (!SEVENTEEN_DIGITS.test(first17)) throw new RangeError('checkDigitOf expects exactly 17 ASCII digits');
  let weightedSum = 0;
  for (let position = 0; position < CHECK_WEIGHTS.length; position += 1) {
    weightedSum += Number(first17[position]) * CHECK_WEIGHTS[position];
  }
  return CHECK_CHARACTERS[weightedSum % 11];
}

/**
 * Reads an ID number as a person typed it. `today` (YYYY-MM-DD, in the deployment's time zone) is passed in
 * because domain code has no clock.
 *
 * Problems are reported in the order a person can act on them:
 * 1. characters, then length: a stray space or letter is usually also why the length is off, and "remove the
 *    space" is the better advice than "you typed 19 characters";
 * 2. region (characters 1-6), then birth date (7-14), left to right: each points at a place in the number
 *    and can be compared with the card;
 * 3. check digit last: it only says that some character is wrong. A typo in the region or birth date breaks
 *    it too, and reporting it first would send the person to the last character when the mistake is earlier.
 */
export function parseIdNumber(raw: string, today: string): ParsedIdNumber {
  const latestBirthDate = compactDate(today);
  const value = normalise(raw);
  if (value === '') return failure('length', '请输入身份证号码');
  if (/\s/.test(value)) return failure('characters', '号码中间不能有空格，请去掉空格');
  if (/[^0-9X]/.test(value)) return failure('characters', '身份证号码只能包含数字，最后一位可以是X');
  if (value.length !== ID_NUMBER_LENGTH) return failure('length', lengthMessage(value.length));
  if (!isNormalisedIdNumber(value)) return failure('characters', '只有最后一位可以是X，请核对');

  const regionCode = value.slice(0, 6);
  const kind = kindOf(regionCode);
  if (kind === undefined) {
    return regionCode.startsWith('9')
      ? failure('region', '永居证号码第2至3位（受理地代码）不正确，请核对')
      : failure('region', '地区代码不正确，请核对号码的前6位');
  }

  const birthDate = value.slice(6, 14);
  if (!isCalendarDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE) {
    return failure('birthDate', '出生日期不正确，请核对第7至14位（出生年月日）');
  }
  if (birthDate > latestBirthDate) return failure('birthDate', '出生日期晚于今天，请核对第7至14位（出生年月日）');

  if (checkDigitOf(value.slice(0, 17)) !== value[17]) {
    return failure('checkDigit', '校验码不正确，请逐位核对号码，尤其是最后一位');
  }
  return { ok: true, value, kind, birthDate: `${birthDate.slice(0, 4)}-${birthDate.slice(4, 6)}-${birthDate.slice(6)}`, regionCode };
}

function normalise(raw: string): string {
  return raw
    .trim()
    .replace(FULL_WIDTH_ID_CHARACTERS, (character) => String.fromCharCode(character.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/x/g, 'X');
}

function lengthMessage(length: number): string {
  const message = `身份证号码应为18位，您输入了${length}位`;
  // Fifteen-digit numbers were retired with the first-generation cards; the 18-digit one is on every card now.
  return length === 15 ? `${message}（15位旧号码已停用，请输入证件上的18位号码）` : message;
}

function kindOf(regionCode: string): IdNumberKind | undefined {
  if (regionCode.startsWith('9')) return isMainlandProvinceCode(regionCode.slice(1, 3)) ? 'foreignPermanentResidence' : undefined;
  if (regionCode === '810000' || regionCode === '820000') return 'hkMacaoResidence';
  if (regionCode === '830000') return 'taiwanResidence';
  const province = regionCode.slice(0, 2);
  // Hong Kong and Macao residents hold only the permits above: no county codes exist under 81 and 82.
  if (province === '81' || province === '82') return undefined;
  return isProvinceLevelCode(province) ? 'resident' : undefined;
}

function failure(problem: IdNumberProblem, message: string): ParsedIdNumber {
  return { ok: false, problem, message };
}

/** YYYY-MM-DD to YYYYMMDD, which compares as a date; a malformed `today` is a programming error. */
function compactDate(isoDate: string): string {
  const match = ISO_DATE.exec(isoDate);
  const compact = match ? `${match[1]}${match[2]}${match[3]}` : '';
  if (!isCalendarDate(compact)) throw new RangeError('today must be a calendar date written YYYY-MM-DD');
  return compact;
}

/** YYYYMMDD names a day of the Gregorian calendar (leap years: every 4th, except centuries not divisible by 400). */
function isCalendarDate(compact: string): boolean {
  if (!/^[0-9]{8}$/.test(compact)) return false;
  const year = Number(compact.slice(0, 4));
  const month = Number(compact.slice(4, 6));
  const day = Number(compact.slice(6, 8));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
