import { QR_VERSION_BUDGET, qrByteCapacityM, qrVersionByteModeM } from './qr';

describe('QR version for a text, byte mode, level M', () => {
  test('capacities match the standard where the design quotes it', () => {
    expect([1, 7, QR_VERSION_BUDGET, 9, 18, 40].map(qrByteCapacityM)).toEqual([14, 122, 152, 180, 560, 2331]);
  });

  test('each version holds up to its capacity, and one byte more needs the next', () => {
    for (let version = 1; version <= 40; version++) {
      const capacity = qrByteCapacityM(version);
      expect(qrVersionByteModeM('x'.repeat(capacity))).toBe(version);
      expect(qrVersionByteModeM('x'.repeat(capacity + 1))).toBe(version === 40 ? null : version + 1);
    }
  });

  test('counts UTF-8 bytes, not characters', () => {
    const capacity = qrByteCapacityM(QR_VERSION_BUDGET);
    expect(qrVersionByteModeM('码'.repeat(capacity / 3 + 1))).toBe(QR_VERSION_BUDGET + 1);
    expect(qrVersionByteModeM('😀'.repeat(capacity / 4))).toBe(QR_VERSION_BUDGET);
    expect(qrVersionByteModeM('é'.repeat(capacity / 2))).toBe(QR_VERSION_BUDGET);
  });

  test('there is no version 0 or 41', () => {
    expect(() => qrByteCapacityM(0)).toThrow(RangeError);
    expect(() => qrByteCapacityM(41)).toThrow(RangeError);
  });
});
