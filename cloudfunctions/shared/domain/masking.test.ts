import fc from 'fast-check';
import { checkDigitOf } from './id-number';
import { maskIdNumber, maskName } from './masking';

const normalisedIdNumber = fc.stringMatching(/^[0-9]{17}$/).map((first17) => first17 + checkDigitOf(first17));

describe('maskIdNumber', () => {
  test('shows the first four and the last four characters', () => {
    expect(maskIdNumber('110101190001010014')).toBe('1101**********0014');
    expect(maskIdNumber('12345678901234567X')).toBe('1234**********567X');
  });

  test.each([
    ['17 characters', '11010119900307447'],
    ['a lower-case x', '12345678901234567x'],
    ['surrounding spaces', ' 110101190001010014'],
    ['full-width digits', '１１０１０１１９９００３０７４４７７'],
  ])('refuses %s: only the normalised number from parseIdNumber is masked', (_label, input) => {
    expect(() => maskIdNumber(input)).toThrow(RangeError);
  });

  test('reveals exactly 8 characters, the first four and the last four, of any normalised number', () => {
    fc.assert(
      fc.property(normalisedIdNumber, (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(4, 14)).toBe('*'.repeat(10));
        expect(masked.slice(0, 4) + masked.slice(14)).toBe(id.slice(0, 4) + id.slice(14));
      }),
    );
  });
});

describe('maskName', () => {
  test.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小锋', '欧**锋'],
    ['\u{20BB7}野家', '\u{20BB7}*家'],
    ['买买提·艾力', '买**·艾*'],
    ['阿依古丽·买买提·艾力', '阿***·买**·艾*'],
    ['John Smith', 'J*** S****'],
    ["Jean-Luc O'Brien", "J***-L** O'B****"],
    ['José Martínez', 'J*** M*******'],
    ['Li', 'L*'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  const SEPARATORS = [' ', '-', "'", '·'];
  const nameCharacter = fc.constantFrom('张', '三', '欧', '阳', '\u{20BB7}', '\u3400', 'a', 'B', 'é', ...SEPARATORS);

  test('never reveals the inside of a part, nor its last character except in a one-part Chinese name', () => {
    fc.assert(
      fc.property(fc.string({ unit: nameCharacter, maxLength: 30 }), (name) => {
        const original = [...name];
        const masked = [...maskName(name)];
        expect(masked).toHaveLength(original.length);
        const isSeparator = (index: number) => SEPARATORS.includes(original[index]);
        const isSinglePartHan = !original.some((_, index) => isSeparator(index)) && /\p{Unified_Ideograph}/u.test(name);
        original.forEach((character, index) => {
          const startsPart = index === 0 || isSeparator(index - 1);
          const endsPart = index === original.length - 1 || isSeparator(index + 1);
          if (isSeparator(index) || startsPart) expect(masked[index]).toBe(character);
          else if (endsPart && isSinglePartHan) expect(masked[index]).toBe(index >= 2 ? character : '*');
          else expect(masked[index]).toBe('*');
        });
      }),
    );
  });
});
