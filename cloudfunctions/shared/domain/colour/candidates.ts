import { DAY_MS, startOfShanghaiDay } from './time';

/**
 * The instants at which a rule's outcome may flip because of a date: the date shifted by every day count,
 * then the instant itself and one millisecond later (for `before`/`after`), and the start of its Asia/Shanghai
 * day and of the next day (for day counts and inclusive calendar dates).
 */
export function pushCandidates(base: number, dayOffsets: readonly number[], into: number[]): void {
  for (const offset of dayOffsets) {
    const shifted = base + offset * DAY_MS;
    const dayStart = startOfShanghaiDay(shifted);
    into.push(shifted, shifted + 1, dayStart, dayStart + DAY_MS);
  }
}
