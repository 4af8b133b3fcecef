import { chinaDate } from './china-date';

test('the China date turns at 16:00 UTC, not at UTC midnight', () => {
  expect(chinaDate(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
  expect(chinaDate(new Date('2026-11-27T16:00:00.000Z'))).toBe('2026-11-28');
  expect(chinaDate(new Date('2024-02-28T16:30:00Z'))).toBe('2024-02-29');
});
