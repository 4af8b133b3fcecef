/** China's offset from UTC: UTC+8, no daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The wall clock in China at an instant, written as toISOString writes UTC (so the trailing Z is not true of it). */
function chinaClock(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString();
}

/** The calendar date in China (UTC+8, no daylight saving since 1991) at an instant, as YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return chinaClock(now).slice(0, 10);
}

/** The time in China to the minute, as WeChat shows times: 2026-11-27 10:05. */
export function chinaMinute(at: Date): string {
  return chinaClock(at).slice(0, 16).replace('T', ' ');
}
