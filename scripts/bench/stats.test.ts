import { median, percentile } from './stats';

test('percentiles use the nearest-rank method', () => {
  const samples = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  expect(median(samples)).toBe(5);
  expect(percentile(samples, 90)).toBe(9);
  expect(percentile(samples, 100)).toBe(10);
  expect(percentile(samples, 0)).toBe(1);
  expect(median([])).toBeNaN();
});
