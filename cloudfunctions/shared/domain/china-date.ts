const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China (UTC+8, no daylight saving since 1991) at an instant, as YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
