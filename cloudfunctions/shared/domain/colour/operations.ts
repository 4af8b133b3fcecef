import jsonLogic from 'json-logic-js';
import { z } from 'zod';
import { isRegionCode } from './facts';
import { CALENDAR_DATE, parseInstant, parseShanghaiDate, shanghaiDay } from './time';

/**
 * The date and region operations rule sets may use besides JsonLogic's own. They are pure: none reads the
 * clock (the evaluation instant comes in the data as `{ "var": "now" }`), and each throws on an operand it
 * cannot read rather than answer something a rule would take for "no risk".
 *
 * An instant operand is epoch milliseconds (what the engine passes for `now`), an ISO date-time with an offset
 * (the facts), or a calendar date 'YYYY-MM-DD', which stands for 00:00 Asia/Shanghai of that day.
 */

/** What an operand must be, checked when a rule set is loaded wherever the operand is known by then. */
export type OperandKind = 'instant' | 'region' | 'areaWindows';

/** Epoch milliseconds of a date 'YYYY-MM-DD' (00:00 Asia/Shanghai) or a date-time with offset; NaN otherwise. */
export function instantOfText(text: string): number {
  return text.length === 10 ? parseShanghaiDate(text) : parseInstant(text);
}

/** How rule sets write instants: numbers would be unreadable. */
export function isInstantText(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(instantOfText(value));
}

function toInstant(operation: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const ms = typeof value === 'string' ? instantOfText(value) : Number.NaN;
  if (!Number.isNaN(ms)) return ms;
  throw new TypeError(`${operation}: expected an instant, got ${JSON.stringify(value)}`);
}

/** A GB/T 2260 region code of any level: '42' (a province), '4201' (a city), '420102' (a county or district). */
const AREA_CODE = z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'expected a 2-, 4- or 6-digit region code');

/** Areas with the calendar days (Asia/Shanghai, both ends included) they were key areas; no `to` = still one. */
export const AREA_WINDOWS = z.array(
  z
    .strictObject({ region: AREA_CODE, from: CALENDAR_DATE, to: CALENDAR_DATE.optional() })
    .refine((window) => window.to === undefined || window.from <= window.to, 'from must not be after to'),
);

interface AreaWindow {
  /** The code without its trailing "00" pairs: '420100' (Wuhan, city level) covers every code starting '4201'. */
  regionPrefix: string;
  fromDay: number;
  toDay: number;
}

function regionPrefix(area: string): string {
  let length = area.length;
  while (length > 2 && area.endsWith('00', length)) length -= 2;
  return area.slice(0, length);
}

// Windows are read once per parameter list (rule sets are deep-frozen, so a list never changes under its key).
const compiledWindows = new WeakMap<object, readonly AreaWindow[]>();

function areaWindows(operation: string, value: unknown): readonly AreaWindow[] {
  const cached = typeof value === 'object' && value !== null ? compiledWindows.get(value) : undefined;
  if (cached) return cached;
  const parsed = AREA_WINDOWS.safeParse(value);
  if (!parsed.success) throw new TypeError(`${operation}: expected a list of { region, from, to? }, got ${JSON.stringify(value)}`);
  const windows = parsed.data.map((window) => ({
    regionPrefix: regionPrefix(window.region),
    fromDay: shanghaiDay(parseShanghaiDate(window.from)),
    toDay: window.to === undefined ? Number.POSITIVE_INFINITY : shanghaiDay(parseShanghaiDate(window.to)),
  }));
  compiledWindows.set(value as object, windows);
  return windows;
}

function regionCode(operation: string, value: unknown): string {
  if (isRegionCode(value)) return value;
  throw new TypeError(`${operation}: expected a 6-digit region code, got ${JSON.stringify(value)}`);
}

interface ColourOperation {
  operands: readonly OperandKind[];
  apply: (...operands: unknown[]) => unknown;
}

export const COLOUR_OPERATIONS: Readonly<Record<string, ColourOperation>> = {
  /** `{ "before": [a, b] }`: a is strictly earlier than b. */
  before: {
    operands: ['instant', 'instant'],
    apply: (a, b) => toInstant('before', a) < toInstant('before', b),
  },
  /** `{ "after": [a, b] }`: a is strictly later than b. */
  after: {
    operands: ['instant', 'instant'],
    apply: (a, b) => toInstant('after', a) > toInstant('after', b),
  },
  /** `{ "days_between": [a, b] }`: Asia/Shanghai calendar days from a's date to b's (negative if b is earlier). */
  days_between: {
    operands: ['instant', 'instant'],
    apply: (a, b) => shanghaiDay(toInstant('days_between', b)) - shanghaiDay(toInstant('days_between', a)),
  },
  /**
   * `{ "in_area_window": [windows, region, instant] }`: some window's area contains the 6-digit region (the same
   * code or one below it) and the instant's Asia/Shanghai date lies within that window's days.
   */
  in_area_window: {
    operands: ['areaWindows', 'region', 'instant'],
    apply: (windowList, region, instant) => {
      const windows = areaWindows('in_area_window', windowList);
      const code = regionCode('in_area_window', region);
      let day = Number.NaN; // read only once a region matches: most arrivals are from no key area
      for (const window of windows) {
        if (!code.startsWith(window.regionPrefix)) continue;
        if (Number.isNaN(day)) day = shanghaiDay(toInstant('in_area_window', instant));
        if (day >= window.fromDay && day <= window.toDay) return true;
      }
      return false;
    },
  },
};

/** Why a value known at load time (a literal or a parameter) is no operand of that kind; undefined if it is one. */
export function operandProblem(kind: OperandKind, value: unknown): string | undefined {
  switch (kind) {
    case 'instant':
      return isInstantText(value) ? undefined : `got ${JSON.stringify(value)}`;
    case 'region':
      return isRegionCode(value) ? undefined : `got ${JSON.stringify(value)}`;
    case 'areaWindows': {
      const parsed = AREA_WINDOWS.safeParse(value);
      if (parsed.success) return undefined;
      const [{ path, message }] = parsed.error.issues;
      if (path.length === 0) return `got ${JSON.stringify(value)}`;
      const [index, ...field] = path;
      return `but entry ${String(index)}${field.length > 0 ? ` ${field.join('.')}` : ''}: ${message}`;
    }
  }
}

/** Reads a parameter list of area windows ahead of the first evaluation, so no evaluation pays for it. */
export function precompileAreaWindows(value: unknown): void {
  areaWindows('in_area_window', value);
}

// json-logic-js keeps one table of operations per process: registered once, when this module is first imported.
for (const [name, operation] of Object.entries(COLOUR_OPERATIONS)) jsonLogic.add_operation(name, operation.apply);
