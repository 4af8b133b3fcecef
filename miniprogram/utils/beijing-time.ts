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
