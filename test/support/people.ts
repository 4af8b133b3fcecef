import { checkDigitOf } from '../../cloudfunctions/shared/domain/id-number';

/**
 * A synthetic, valid ID number (region 110101, born 1990-03-07, the given sequence): no real person's
 * number ever appears in the tests.
 */
export function syntheticIdNumber(sequence: number, birthDate = '19900307'): string {
  const first17 = `110101${birthDate}${String(sequence).padStart(3, '0')}`;
  return first17 + checkDigitOf(first17);
}

/** A 28-character openid-shaped string, like WeChat's. */
export function openidFor(label: string): string {
  return `o${label}`.padEnd(28, '0').slice(0, 28);
}
