import { RETENTION_DAYS, retentionCutoff, type RetainedKind } from './retention';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T02:00:00.000Z');

describe('retentionCutoff', () => {
  test.each(Object.entries(RETENTION_DAYS) as Array<[RetainedKind, number]>)('%s: exactly %i days before now, to the millisecond', (kind, days) => {
    expect(retentionCutoff(kind, NOW).getTime()).toBe(NOW.getTime() - days * DAY);
  });

  test('the numbers the privacy guide states', () => {
    expect(RETENTION_DAYS).toEqual({ checkIns: 14, scans: 30, faceVerifications: 30, deliveredNotices: 30, closedFollowUps: 180, travelRecords: 60 });
  });

  test('counts whole days of 24 hours, whatever the time of day or the calendar month', () => {
    const lateInMonth = new Date('2026-03-01T15:59:59.999Z');
    expect(retentionCutoff('checkIns', lateInMonth).toISOString()).toBe('2026-02-15T15:59:59.999Z');
    expect(retentionCutoff('closedFollowUps', lateInMonth).toISOString()).toBe('2025-09-02T15:59:59.999Z');
  });

  test('answers a new date and leaves `now` alone', () => {
    const now = new Date(NOW);
    const cutoff = retentionCutoff('scans', now);
    expect(cutoff).not.toBe(now);
    expect(now.getTime()).toBe(NOW.getTime());
  });
});
