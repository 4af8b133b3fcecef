import { beijingDayKey, endOfBeijingDay, formatBeijingClock, formatBeijingDate, formatBeijingTime } from '../beijing-time';

describe('formatBeijingTime', () => {
  test('shows the time eight hours ahead of UTC, with padded minutes and seconds', () => {
    expect(formatBeijingTime(Date.UTC(2025, 2, 1, 6, 5, 9))).toBe('2025年3月1日 14:05:09');
  });

  test('moves to the next day and year when Beijing has passed midnight but UTC has not', () => {
    expect(formatBeijingTime(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('2025年1月1日 00:00:00');
  });
});

describe('formatBeijingDate', () => {
  test('gives the Beijing calendar day, which is already the next day at 16:00 UTC', () => {
    expect(formatBeijingDate(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('2025年1月1日');
    expect(formatBeijingDate(Date.UTC(2024, 11, 31, 15, 59, 59))).toBe('2024年12月31日');
  });
});

describe('formatBeijingClock', () => {
  test('gives the Beijing time of day alone, padded', () => {
    expect(formatBeijingClock(Date.UTC(2025, 2, 1, 6, 5, 9))).toBe('14:05:09');
    expect(formatBeijingClock(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('00:00:00');
  });
});

describe('beijingDayKey and endOfBeijingDay', () => {
  test('name the Beijing day, which starts at 16:00 UTC the day before', () => {
    expect(beijingDayKey(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('2025-01-01');
    expect(beijingDayKey(Date.UTC(2024, 11, 31, 15, 59, 59))).toBe('2024-12-31');
    expect(beijingDayKey(Date.UTC(2025, 1, 27, 20), 2)).toBe('2025-03-02');
  });

  test('a day ends at the next Beijing midnight', () => {
    expect(endOfBeijingDay('2025-03-01')).toBe(Date.UTC(2025, 2, 1, 16, 0, 0));
  });
});
