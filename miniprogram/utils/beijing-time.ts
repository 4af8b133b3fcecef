const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Formats an epoch time as a Beijing date, e.g. "2025年3月1日". The offset is fixed (China keeps one zone and
 * no daylight saving) rather than taken from the phone, so every resident and guard reads the same clock even
 * when a phone's zone is set wrong.
 */
export function formatBeijingDate(epochMs: number): string {
  const beijing = new Date(epochMs + BEIJING_OFFSET_MS);
  return `${beijing.getUTCFullYear()}年${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日`;
}

/** Formats an epoch time as Beijing date and time, e.g. "2025年3月1日 14:05:09". */
export function formatBeijingTime(epochMs: number): string {
  return `${formatBeijingDate(epochMs)} ${formatBeijingClock(epochMs)}`;
}

/** Formats an epoch time as the Beijing time of day, e.g. "14:05:09". */
export function formatBeijingClock(epochMs: number): string {
  const beijing = new Date(epochMs + BEIJING_OFFSET_MS);
  return [beijing.getUTCHours(), beijing.getUTCMinutes(), beijing.getUTCSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Beijing calendar day of an epoch time as a picker's value, e.g. "2025-03-01", `days` days later. */
export function beijingDayKey(epochMs: number, days = 0): string {
  return new Date(epochMs + BEIJING_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing day ("2025-03-01") ends: midnight Beijing time after it. */
export function endOfBeijingDay(dayKey: string): number {
  return Date.parse(`${dayKey}T00:00:00Z`) - BEIJING_OFFSET_MS + DAY_MS;
}
