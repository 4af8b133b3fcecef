/**
 * A person's name as written on the ID card: Chinese characters (minority names in parts joined by the middle
 * dot ·), or Latin letters for foreign names. Scripts are not mixed and digits never appear.
 */
export type NameScript = 'han' | 'latin';

export type ParsedPersonName =
  | { ok: true; value: string; script: NameScript }
  | { ok: false; /** zh-CN, says what to fix. */ message: string };

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 30;

/** The separator of minority names' parts on ID cards (U+00B7 MIDDLE DOT). */
export const NAME_PART_DOT = '·';

/**
 * Dots people type for ·: bullet, hyphenation point, bullet and dot operators, katakana middle dot, and the
 * full stop (U+FF0E and U+FF65 arrive here as '.' and U+30FB after NFKC). Only between Chinese characters.
 */
const DOT_LOOKALIKES = /[\u00B7\u2022\u2027\u2219\u22C5\u30FB.]/gu;
/** iOS smart punctuation turns ' into ’; ʼ and ‘ come from other keyboards. */
const APOSTROPHE_LOOKALIKES = /[\u2018\u2019\u02BC]/gu;

/** Unified_Ideograph: the CJK Unified Ideographs with every extension (A, B, ... for rare characters). */
const HAN_CHARACTER = /\p{Unified_Ideograph}/u;
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/u;
const DIGIT = /\p{Nd}/u;

const HAN_NAME = /^\p{Unified_Ideograph}+(?:·\p{Unified_Ideograph}+)*$/u;
const HAN_NAME_CHARACTERS = /^[\p{Unified_Ideograph}·]+$/u;
/** Words of Latin letters (with any combining accents) joined by exactly one space, hyphen or apostrophe. */
const LATIN_NAME = /^(?:(?=\p{L})\p{Script=Latin}\p{M}*)+(?:[ '-](?:(?=\p{L})\p{Script=Latin}\p{M}*)+)*$/u;
const LATIN_NAME_CHARACTERS = /^(?:(?=\p{L})\p{Script=Latin}|\p{M}|[ '-])+$/u;

/**
 * Normalises and checks a name. NFKC first: it composes accents typed as separate marks, turns full-width
 * Latin letters and the ideographic space of Chinese input methods into ordinary ones, and maps compatibility
 * ideographs to the unified ones. Then whitespace is trimmed and collapsed; Chinese names lose their spaces
 * altogether (they never contain any; input methods insert them).
 */
export function parsePersonName(raw: string): ParsedPersonName {
  const collapsed = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (collapsed === '') return { ok: false, message: '请输入姓名' };
  if (DIGIT.test(collapsed)) return { ok: false, message: '姓名不能包含数字' };

  const hasHan = HAN_CHARACTER.test(collapsed);
  const hasLatin = LATIN_LETTER.test(collapsed);
  if (hasHan && hasLatin) return { ok: false, message: '姓名不能混用汉字和外文字母，请按证件填写' };
  if (hasHan) return checked(parseHanName(collapsed), 'han');
  if (hasLatin) return checked(parseLatinName(collapsed), 'latin');
  return { ok: false, message: '姓名请使用汉字，外国人请按证件使用拉丁字母填写' };
}

/** The normalised name, or the message saying what is wrong. */
type ShapeCheck = { value: string } | { message: string };

function parseHanName(collapsed: string): ShapeCheck {
  const value = collapsed.replace(/ /g, '').replace(DOT_LOOKALIKES, NAME_PART_DOT);
  if (!HAN_NAME_CHARACTERS.test(value)) return { message: '中文姓名只能包含汉字和间隔号“·”' };
  if (!HAN_NAME.test(value)) return { message: '间隔号“·”只能用在两个字之间，且不能连用' };
  return { value };
}

function parseLatinName(collapsed: string): ShapeCheck {
  const value = collapsed.replace(APOSTROPHE_LOOKALIKES, "'");
  if (!LATIN_NAME_CHARACTERS.test(value)) return { message: "外文姓名只能包含字母、空格、连字符(-)和撇号(')" };
  if (!LATIN_NAME.test(value)) return { message: "空格、连字符(-)和撇号(')只能用在两个字母之间，且不能连用" };
  return { value };
}

function checked(shape: ShapeCheck, script: NameScript): ParsedPersonName {
  if ('message' in shape) return { ok: false, message: shape.message };
  // Code points, not UTF-16 units: a rare character from Extension B is one character to the person.
  const length = [...shape.value].length;
  if (length < NAME_MIN_LENGTH || length > NAME_MAX_LENGTH) {
    return { ok: false, message: `姓名应为${NAME_MIN_LENGTH}至${NAME_MAX_LENGTH}个字，您输入了${length}个字` };
  }
  return { ok: true, value: shape.value, script };
}
