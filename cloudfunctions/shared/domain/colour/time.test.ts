import fc from 'fast-check';
import { parseInstant, parseShanghaiDate, shanghaiDay, startOfShanghaiDay } from './time';

// 1900 to 2200, where toISOString writes the 24-character canonical form.
const instants = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });

describe('parseInstant', () => {
  test('reads the canonical UTC form exactly as Date.parse does', () => {
    fc.assert(fc.property(instants, (ms) => parseInstant(new Date(ms).toISOString()) === ms));
  });

  test('reads other offsets and precisions through Date.parse', () => {
    expect(parseInstant('2026-02-01T20:00:00+08:00')).toBe(Date.parse('2026-02-01T12:00:00Z'));
    expect(parseInstant('2026-02-01T12:00:00Z')).toBe(Date.parse('2026-02-01T12:00:00Z'));
    expect(parseInstant('2026-02-01T12:00:00.5-01:30')).toBe(Date.parse('2026-02-01T13:30:00.500Z'));
  });

  test.each([
    ['no offset (it would be read in the zone of the machine)', '2026-02-01T12:00:00'],
    ['no offset in canonical length', '2026-02-01T12:00:00.000+'],
    ['a day that does not exist', '2026-02-29T00:00:00.000Z'],
    ['a day that does not exist, with an offset', '2026-02-30T00:00:00+08:00'],
    ['an hour out of range', '2026-02-01T24:00:00.000Z'],
    ['a date alone', '2026-02-01'],
    ['letters in place of digits', '2026-0a-01T00:00:00.000Z'],
  ])('refuses %s', (_label, text) => {
    expect(parseInstant(text)).toBeNaN();
  });

  test('knows leap days', () => {
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseInstant('2000-02-29T00:00:00.000Z')).toBe(Date.parse('2000-02-29T00:00:00.000Z'));
    expect(parseInstant('2100-02-29T00:00:00.000Z')).toBeNaN();
  });
});

describe('Asia/Shanghai calendar', () => {
  test('a calendar date starts at 00:00 Shanghai, 16:00 UTC the day before', () => {
    expect(parseShanghaiDate('2026-02-15')).toBe(Date.parse('2026-02-14T16:00:00Z'));
    expect(parseShanghaiDate('2026-02-30')).toBeNaN();
    expect(parseShanghaiDate('2026-2-15')).toBeNaN();
  });

  test('the day changes at 00:00 Shanghai, not at UTC midnight', () => {
    const midnight = Date.parse('2026-02-14T16:00:00Z');
    expect(shanghaiDay(midnight) - shanghaiDay(midnight - 1)).toBe(1);
    expect(shanghaiDay(Date.parse('2026-02-15T00:00:00Z'))).toBe(shanghaiDay(midnight));
    expect(shanghaiDay(midnight)).toBe(shanghaiDay(parseShanghaiDate('2026-02-15')));
  });

  test('startOfShanghaiDay is the latest 00:00 Shanghai at or before an instant', () => {
    fc.assert(
      fc.property(instants, (ms) => {
        const start = startOfShanghaiDay(ms);
        return start <= ms && ms - start < 86_400_000 && shanghaiDay(start) === shanghaiDay(ms) && shanghaiDay(start - 1) === shanghaiDay(ms) - 1;
      }),
    );
  });
});
