import { z } from 'zod';
import { SHANGHAI_OFFSET_MS } from '../china-date';

/**
 * Instants and Asia/Shanghai calendar days, as plain numbers. Shanghai has kept UTC+8 without daylight
 * saving since 1991, so its calendar is a fixed offset from UTC and needs no time-zone database.
 */

export const DAY_MS = 86_400_000;

/** Digits at [start, start + count) of text as a number, or NaN if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Days in a month of the proleptic Gregorian calendar (leap years: every 4th, except centuries not divisible by 400). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil): integer arithmetic only. */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** The canonical form `YYYY-MM-DDTHH:mm:ss.sssZ` read by hand, or NaN if text is not exactly that. */
function parseCanonicalUtc(text: string): number {
  const separatorsHold =
    text.length === 24 &&
    text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && // -
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58 && // :
    text.charCodeAt(19) === 46 && text.charCodeAt(23) === 90; // . Z
  if (!separatorsHold) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Out-of-range fields would roll over (February 30 into March); a wrong field must stay wrong.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59)) {
    return Number.NaN;
  }
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + digits(text, 20, 3);
}

const INSTANT_WITH_OFFSET = z.iso.datetime({ offset: true });

/**
 * Epoch milliseconds of an ISO 8601 date-time with an offset, or NaN if text is not one (a time without an
 * offset would be read in the machine's zone). The canonical UTC form that `toISOString` writes, and the facts
 * schema normalizes to, is read by hand in half the time of validating and `Date.parse`: rules read fact dates
 * as strings, once per use.
 */
export function parseInstant(text: string): number {
  const canonical = parseCanonicalUtc(text);
  if (!Number.isNaN(canonical)) return canonical;
  return INSTANT_WITH_OFFSET.safeParse(text).success ? Date.parse(text) : Number.NaN;
}

/** A calendar date 'YYYY-MM-DD' that exists (no February 30). */
export const CALENDAR_DATE = z.iso.date();

/** Epoch milliseconds of the start (00:00 Asia/Shanghai) of a calendar date 'YYYY-MM-DD' (NaN if invalid). */
export function parseShanghaiDate(text: string): number {
  // Date.parse reads a date-only form as UTC midnight.
  return CALENDAR_DATE.safeParse(text).success ? Date.parse(text) - SHANGHAI_OFFSET_MS : Number.NaN;
}

/** The Asia/Shanghai calendar day of an instant, counted in days since 1970-01-01. */
export function shanghaiDay(instantMs: number): number {
  return Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 00:00 Asia/Shanghai of the calendar day that contains the instant. */
export function startOfShanghaiDay(instantMs: number): number {
  return shanghaiDay(instantMs) * DAY_MS - SHANGHAI_OFFSET_MS;
}
