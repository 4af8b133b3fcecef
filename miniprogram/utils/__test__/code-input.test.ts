import { groupCode } from '../code-input';

describe('groupCode', () => {
  test.each([
    ['ABCD2345', 'ABCD 2345'],
    ['ABCD', 'ABCD'],
    ['ABC', 'ABC'],
    ['ABCDEFGHJK', 'ABCD EFGH JK'],
    ['', ''],
  ])('groups %p as %p', (code, grouped) => {
    expect(groupCode(code)).toBe(grouped);
  });
});
