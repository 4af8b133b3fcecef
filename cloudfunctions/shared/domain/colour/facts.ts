import { z } from 'zod';

/**
 * What partner feeds establish about one person, the only input of the colour rules besides the clock.
 * Instants are ISO 8601 strings with an offset; the schema rewrites them to the canonical UTC form
 * (`toISOString`), which the engine reads fastest and which sorts as text in time order.
 */

/** The statuses a health commission record can give, in 随申码's words. */
export const HEALTH_STATUSES = [
  'confirmed', //   确诊
  'suspected', //   疑似
  'observation', // 医学观察 (under medical measures)
  'released', //    解除医学管理措施
  'discharged', //  出院
  'excluded', //    排除疑似
] as const;

export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** The latest health record of a person: the status and the instant it took effect. */
export interface HealthRecord {
  status: HealthStatus;
  effectiveAt: string;
}

/** An arrival in the city: when, and from which county-level region (6-digit GB/T 2260 code). */
export interface Arrival {
  arrivedAt: string;
  fromRegion: string;
}

export interface PersonFacts {
  /** The latest record, or null when the health commission has none for this person. */
  health: HealthRecord | null;
  /** Recent arrivals, in any order. */
  arrivals: readonly Arrival[];
}

/** An ISO 8601 date-time with an offset (a time without one is ambiguous), normalized to UTC. */
export const INSTANT = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());

const SIX_DIGITS = /^\d{6}$/;

/** A county-level region code (GB/T 2260), as arrivals give it. */
export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && SIX_DIGITS.test(value);
}

export const REGION_CODE = z.string().regex(SIX_DIGITS, '应为 6 位行政区划代码');

export const HEALTH_RECORD = z.strictObject({ status: z.enum(HEALTH_STATUSES), effectiveAt: INSTANT });

export const ARRIVAL = z.strictObject({ arrivedAt: INSTANT, fromRegion: REGION_CODE });

/** Facts as feeds and storage hand them over; missing parts mean "nothing known". */
export const PERSON_FACTS = z.strictObject({
  health: HEALTH_RECORD.nullable().default(null),
  arrivals: z.array(ARRIVAL).default([]),
}) satisfies z.ZodType<PersonFacts, unknown>;
