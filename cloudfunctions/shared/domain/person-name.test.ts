import fc from 'fast-check';
import { NAME_MAX_LENGTH, parsePersonName } from './person-name';

/** 𠮷 (U+20BB7, Extension B) is one character to a person but two UTF-16 units. */
const EXTENSION_B = '\u{20BB7}';

describe('parsePersonName accepts', () => {
  test.each([
    ['a two-character name', '张三', '张三'],
    ['a compound surname', '欧阳娜娜', '欧阳娜娜'],
    ['spaces an input method inserted, removed', ' 张 　三 ', '张三'],
    ['a rare character from Extension A', '王\u3400', '王\u3400'],
    ['a rare character from Extension B', `${EXTENSION_B}田`, `${EXTENSION_B}田`],
    ['a CJK compatibility ideograph, mapped to its unified form', '李\uF9B5', '李例'],
    ['a minority name with the middle dot', '买买提·艾力', '买买提·艾力'],
    ['spaces around the middle dot', '买买提 · 艾力', '买买提·艾力'],
  ])('%s as Chinese', (_label, input, value) => {
    expect(parsePersonName(input)).toEqual({ ok: true, value, script: 'han' });
  });

  test.each([
    ['U+2022 bullet', '\u2022'],
    ['U+30FB katakana middle dot', '\u30FB'],
    ['U+FF65 half-width katakana middle dot', '\uFF65'],
    ['U+FF0E full-width full stop', '\uFF0E'],
    ['U+002E full stop', '.'],
    ['U+2027 hyphenation point', '\u2027'],
    ['U+22C5 dot operator', '\u22C5'],
  ])('the look-alike %s between Chinese parts, normalised to U+00B7', (_label, dot) => {
    expect(parsePersonName(`阿依古丽${dot}买买提`)).toEqual({ ok: true, value: '阿依古丽·买买提', script: 'han' });
  });

  test.each([
    ['accented letters', 'José Martínez', 'José Martínez'],
    ['an accent typed as a combining mark, composed', 'Jose\u0301 Marti\u0301nez', 'José Martínez'],
    ['a hyphen', 'Jean-Luc Picard', 'Jean-Luc Picard'],
    ['an apostrophe', "Conan O'Brien", "Conan O'Brien"],
    ['the typographic apostrophe of iOS, normalised', 'Conan O\u2019Brien', "Conan O'Brien"],
    ['runs of spaces, collapsed', '  John   Smith ', 'John Smith'],
    ['full-width letters and space from a Chinese input method', 'Ｊｏｈｎ\u3000Ｓｍｉｔｈ', 'John Smith'],
    ['a two-letter name', 'Li', 'Li'],
    ['letters beyond Latin-1', 'Łukasz Żółć', 'Łukasz Żółć'],
  ])('%s as Latin', (_label, input, value) => {
    expect(parsePersonName(input)).toEqual({ ok: true, value, script: 'latin' });
  });

  test('30 characters of Extension B, counting code points (60 UTF-16 units)', () => {
    const name = EXTENSION_B.repeat(NAME_MAX_LENGTH);
    expect(name.length).toBe(60);
    expect(parsePersonName(name)).toMatchObject({ ok: true, value: name });
  });
});

describe('parsePersonName refuses, with a message saying what to fix', () => {
  test.each([
    ['nothing', '', '请输入姓名'],
    ['only spaces', ' \u3000 ', '请输入姓名'],
    ['one Chinese character', '张', '姓名应为2至30个字，您输入了1个字'],
    ['one letter', 'J', '姓名应为2至30个字，您输入了1个字'],
    ['31 characters', '张'.repeat(31), '姓名应为2至30个字，您输入了31个字'],
    ['31 Extension B characters', EXTENSION_B.repeat(31), '姓名应为2至30个字，您输入了31个字'],
    ['a digit', '张3', '姓名不能包含数字'],
    ['a full-width digit', '张３', '姓名不能包含数字'],
    ['a digit in a Latin name', 'John Smith 3', '姓名不能包含数字'],
    ['mixed scripts', '张John', '姓名不能混用汉字和外文字母，请按证件填写'],
    ['mixed scripts with a space', '约翰 Smith', '姓名不能混用汉字和外文字母，请按证件填写'],
    ['a leading dot', '·买买提', '间隔号“·”只能用在两个字之间，且不能连用'],
    ['a trailing dot', '买买提·', '间隔号“·”只能用在两个字之间，且不能连用'],
    ['a double dot', '买买提··艾力', '间隔号“·”只能用在两个字之间，且不能连用'],
    ['look-alike dots doubled', '买买提•・艾力', '间隔号“·”只能用在两个字之间，且不能连用'],
    ['a Chinese name with punctuation', '张三！', '中文姓名只能包含汉字和间隔号“·”'],
    ['a Japanese iteration mark', '佐々木', '中文姓名只能包含汉字和间隔号“·”'],
    ['a double hyphen', 'Jean--Luc', "空格、连字符(-)和撇号(')只能用在两个字母之间，且不能连用"],
    ['a hyphen next to a space', 'Jean - Luc', "空格、连字符(-)和撇号(')只能用在两个字母之间，且不能连用"],
    ['a leading apostrophe', "'Brien", "空格、连字符(-)和撇号(')只能用在两个字母之间，且不能连用"],
    ['an initial with a full stop', 'J. Smith', "外文姓名只能包含字母、空格、连字符(-)和撇号(')"],
    ['Cyrillic', 'Иван Петров', '姓名请使用汉字，外国人请按证件使用拉丁字母填写'],
    ['an emoji', '😀😀', '姓名请使用汉字，外国人请按证件使用拉丁字母填写'],
  ])('%s', (_label, input, message) => {
    expect(parsePersonName(input)).toEqual({ ok: false, message });
  });
});

const hanCharacter = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }),
  fc.integer({ min: 0x3400, max: 0x4dbf }),
  fc.integer({ min: 0x20000, max: 0x2a6df }),
).map((codePoint) => String.fromCodePoint(codePoint));
const hanPart = fc.array(hanCharacter, { minLength: 1, maxLength: 6 }).map((characters) => characters.join(''));
const latinWord = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâãäåçèéêëìíîïñòóôõöøùúûüýÿłńśźżŁŚŻ'), { minLength: 1, maxLength: 8 })
  .map((letters) => letters.join(''));
const latinName = fc
  .tuple(latinWord, fc.array(fc.tuple(fc.constantFrom(' ', '-', "'"), latinWord), { maxLength: 3 }))
  .map(([first, rest]) => first + rest.map(([separator, word]) => separator + word).join(''));

function codePointLength(text: string): number {
  return [...text].length;
}

describe('parsePersonName properties', () => {
  test('a well-formed name within the length limits is accepted unchanged, also with its dots typed as spaced bullets', () => {
    const name = fc.oneof(
      fc.array(hanPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('·')),
      latinName,
    );
    fc.assert(
      fc.property(name, (input) => {
        const result = parsePersonName(input);
        const length = codePointLength(input);
        if (length < 2 || length > NAME_MAX_LENGTH) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result).toMatchObject({ ok: true, value: input });
        expect(parsePersonName(input.replace(/·/g, ' \u2022 '))).toEqual(result);
      }),
    );
  });

  test('no accepted name holds a digit or both scripts', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('张', '三', 'a', 'B', '1', '３', ' ', '·', '-') }), (input) => {
        const result = parsePersonName(input);
        if (result.ok) {
          expect(result.value).not.toMatch(/\p{Nd}/u);
          expect(/\p{Unified_Ideograph}/u.test(result.value) && /[a-z]/i.test(result.value)).toBe(false);
        }
      }),
    );
  });
});
