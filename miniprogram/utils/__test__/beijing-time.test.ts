import { formatBeijingTime } from '../beijing-time';

describe('formatBeijingTime', () => {
  test('shows the time eight hours ahead of UTC, with padded minutes and seconds', () => {
    expect(formatBeijingTime(Date.UTC(2025, 2, 1, 6, 5, 9))).toBe('2025年3月1日 14:05:09');
  });

  test('moves to the next day and year when Beijing has passed midnight but UTC has not', () => {
    expect(formatBeijingTime(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('2025年1月1日 00:00:00');
  });
});
