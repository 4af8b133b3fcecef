/**
 * How long personal data is kept, in days, by kind: the cron sweep deletes what is older, and the mini-program's
 * privacy guide (隐私保护指引) states the same numbers, so what residents are told is what the system does.
 * No Node imports: the mini-program reads this file too.
 */
export const RETENTION_DAYS = {
  /** Check-ins at venues (场所码): long enough to trace contacts over an incubation period. */
  checkIns: 14,
  /** Guards' scan log (who was scanned where and when): for follow-ups and disputes, then gone. */
  scans: 30,
  /** Face verification records (a keyed binding, never the face or the ID number): for support questions. */
  faceVerifications: 30,
  /** Notices once delivered (or given up on): the pass and its history keep what they reported. */
  deliveredNotices: 30,
  /** Follow-ups after staff closed them. */
  closedFollowUps: 180,
  /**
   * Partners' travel records, from receipt, and arrivals in a person's facts: no colour rule looks back further
   * than 14 days. Health and identity records stay while they decide a colour or show a photo.
   */
  travelRecords: 60,
} as const;

export type RetainedKind = keyof typeof RETENTION_DAYS;

const DAY_MS = 86_400_000;

/** The instant before which a record of `kind` is due for deletion at `now`. */
export function retentionCutoff(kind: RetainedKind, now: Date): Date {
  return new Date(now.getTime() - RETENTION_DAYS[kind] * DAY_MS);
}
