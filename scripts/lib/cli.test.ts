import { InvalidArgumentError } from 'commander';
import { integerUpTo, maskForReport, rejectedRowLines, withIdNumbersMasked } from './cli';

/** A synthetic ID number (南海区, check digit valid). */
const ID = '440605195803121017';

describe('ID numbers in reports', () => {
  test.each([
    ['a valid number', ID, '4406**********1017'],
    ['a lower-case x with spaces around', ` ${ID.slice(0, 17)}x `, '4406**********101X'],
    ['17 digits', ID.slice(0, 17), '*'.repeat(17)],
    ['scientific notation', '4.40605E+17', '*'.repeat(11)],
    ['nothing', '', '（无号码）'],
  ])('an ID number written as %s is shown masked', (_label, idNumber, shown) => {
    expect(maskForReport(idNumber)).toBe(shown);
  });

  test('messages written by others lose every ID-number-shaped text, inside longer digit runs too', () => {
    expect(withIdNumbersMasked(`value is "${ID}" at line 2`)).toBe('value is "4406**********1017" at line 2');
    expect(withIdNumbersMasked(`${ID.slice(0, 17)}x and ${ID}9`)).toBe('4406**********101X and 4406**********10179');
    expect(withIdNumbersMasked('version 12345678901234567 is too large')).toBe('version 12345678901234567 is too large');
  });

  test('refused rows are listed with line, masked number and reason, as given', () => {
    expect(rejectedRowLines([{ line: 3, idMasked: '4406**********1017', reason: `与 ${ID} 重复` }])).toEqual(['  第 3 行  4406**********1017  与 4406**********1017 重复']);
  });
});

test('integerUpTo takes whole numbers from 1 to its maximum and names the range otherwise', () => {
  const batch = integerUpTo(1000);
  expect(batch('1')).toBe(1);
  expect(batch('1000')).toBe(1000);
  for (const wrong of ['0', '1001', '2.5', 'many', '']) expect(() => batch(wrong)).toThrow(new InvalidArgumentError('应为 1 到 1000 之间的整数'));
});
