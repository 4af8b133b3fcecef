const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Formats an epoch time as Beijing time, e.g. "2025年3月1日 14:05:09". The offset is fixed (China keeps one
 * zone and no daylight saving) rather than taken from the phone, so every resident and guard reads the same
 * clock even when a phone's zone is set wrong.
 */
export function formatBeijingTime(epochMs: number): string {
  const beijing = new Date(epochMs + BEIJING_OFFSET_MS);
  const date = `${beijing.getUTCFullYear()}年${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日`;
  const time = [beijing.getUTCHours(), beijing.getUTCMinutes(), beijing.getUTCSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return `${date} ${time}`;
}
