import { createCron } from '../../cloudfunctions/cron';
import { database } from '../../cloudfunctions/shared/cloudbase';
import type { FaceVerificationDocument } from '../../cloudfunctions/shared/domain/face-verification';
import type { FeedRecordDocument, RecordFacts } from '../../cloudfunctions/shared/domain/feed-records';
import type { FollowUpDocument } from '../../cloudfunctions/shared/domain/follow-up';
import { colourChangedNotice, type NotificationDocument } from '../../cloudfunctions/shared/domain/notification';
import { RETENTION_DAYS, retentionCutoff, type RetainedKind } from '../../cloudfunctions/shared/domain/retention';
import { sweepExpiredPersonalData, type PersonalDataDeleted } from '../../cloudfunctions/shared/retention-sweep';
import type { ScanDocument } from '../../cloudfunctions/shared/scans';
import { COLLECTIONS, type CollectionName } from '../../cloudfunctions/shared/schema';
import type { CheckInDocument } from '../../cloudfunctions/shared/venues';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { testPlatform } from '../support/platform';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T02:00:00.000Z');
let clock = NOW;
const cron = createCron(testPlatform({ clock: () => clock }));
const sweep = async () =>
  dataOf(await cron({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }))) as {
    personalDataDeleted: PersonalDataDeleted;
  };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const KINDS = Object.keys(RETENTION_DAYS) as RetainedKind[];
const ms = (time: Date, offset: number) => new Date(time.getTime() + offset);

/** How to store a document of each kind whose retention counts from `time`, as the code that writes it would. */
const KIND_OF: Record<RetainedKind, { collection: CollectionName; make: (_id: string, time: Date) => object }> = {
  checkIns: {
    collection: COLLECTIONS.checkIns,
    make: (_id, at) => ({ _id, venueId: 'venue-1', venueName: '醉白池公园', passId: 'pass-1', openid: 'o-resident', at }) satisfies CheckInDocument & { _id: string },
  },
  scans: {
    collection: COLLECTIONS.scans,
    make: (_id, at) =>
      ({ _id, by: 'o-guard', checkpointId: 'cp-1', passRef: 'pass-1', verdict: 'CAUTION', colour: 'yellow', colourInToken: 'yellow', at, offline: false }) satisfies ScanDocument,
  },
  faceVerifications: {
    collection: COLLECTIONS.faceVerifications,
    make: (_id, createdAt) =>
      ({ _id, openid: 'o-resident', personBinding: 'binding', verifier: 'local', verifyId: 'v', createdAt, validUntil: ms(createdAt, 3_600_000) }) satisfies FaceVerificationDocument,
  },
  // Created long before it was delivered: retention counts from delivery.
  deliveredNotices: {
    collection: COLLECTIONS.notifications,
    make: (_id, deliveredAt) => ({ _id, ...colourChangedNotice('o-resident', 'green', 'yellow', '到达中风险地区', ms(deliveredAt, -200 * DAY)), claimedAt: deliveredAt, deliveredAt, channel: 'wechat' }),
  },
  // Opened long before it was closed: retention counts from closing.
  closedFollowUps: {
    collection: COLLECTIONS.followUps,
    make: (_id, closedAt) =>
      ({
        ...openFollowUp(_id, ms(closedAt, -400 * DAY)),
        status: 'closed',
        closedAt,
        closedBy: 'o-staff',
        closingNote: '已电话联系，居家健康监测',
      }) satisfies FollowUpDocument,
  },
  travelRecords: {
    collection: COLLECTIONS.feedRecords,
    make: (_id, receivedAt) => feedRecord(_id, receivedAt, { source: 'travel', arrivedAt: ms(receivedAt, -DAY).toISOString(), fromRegion: '310101' }),
  },
};

function feedRecord(_id: string, receivedAt: Date, facts: RecordFacts): FeedRecordDocument {
  return { _id, source: facts.source, recordId: _id, version: 1, personKey: 'person-1', facts, partnerKeyId: 'partner-1', receivedAt };
}

function openFollowUp(_id: string, createdAt: Date): FollowUpDocument {
  return {
    _id,
    status: 'open',
    createdAt,
    scan: `o-guard:${_id}`,
    passRef: 'pass-1',
    checkpointId: 'cp-1',
    checkpointName: '一号卡口',
    colour: 'yellow',
    nameMasked: '*四',
    reportedBy: 'o-guard',
    note: '',
    closedAt: null,
    closedBy: null,
    closingNote: null,
  };
}

const pendingNotice = (_id: string, createdAt: Date, claimedAt: Date | null): NotificationDocument & { _id: string } => ({
  _id,
  ...colourChangedNotice('o-resident', 'green', 'red', '核酸阳性', createdAt),
  claimedAt,
});

/** Collections the sweep must never touch, with documents far older than any retention. */
const KEPT_INDEFINITELY: Array<[CollectionName, object]> = [
  [COLLECTIONS.audit, { at: ms(NOW, -3000 * DAY), action: 'followUp.close', target: { kind: 'followUp', id: 'f' }, reason: '已处理', details: {} }],
  [COLLECTIONS.colourHistory, { passId: 'pass-1', at: ms(NOW, -3000 * DAY), from: 'green', to: 'yellow', reasons: [] }],
  [COLLECTIONS.appeals, { openid: 'o-resident', status: 'closed', createdAt: ms(NOW, -3000 * DAY) }],
];

const ALL_COLLECTIONS = [...new Set([...KINDS.map((kind) => KIND_OF[kind].collection), ...KEPT_INDEFINITELY.map(([collection]) => collection)])];

async function ids(collection: CollectionName): Promise<string[]> {
  const { data } = await database().collection(collection).field({ _id: true }).limit(1000).get();
  return (data as Array<{ _id: string }>).map((document) => document._id).sort();
}

async function store(collection: CollectionName, documents: object[]): Promise<void> {
  if (documents.length > 0) await database().collection(collection).add(documents);
}

beforeEach(async () => {
  clock = NOW;
  const _ = database().command;
  for (const collection of ALL_COLLECTIONS) await database().collection(collection).where({ _id: _.exists(true) }).remove();
});

describe('personal data is deleted when its time is up (domain/retention.ts)', () => {
  test('of each kind, a record just inside its retention (or exactly at it) stays and one just past it goes; cron reports the counts', async () => {
    for (const kind of KINDS) {
      const { collection, make } = KIND_OF[kind];
      const cutoff = retentionCutoff(kind, NOW);
      await store(collection, [make(`${kind}-inside`, ms(cutoff, 1)), make(`${kind}-at-cutoff`, cutoff), make(`${kind}-past`, ms(cutoff, -1))]);
    }

    const result = await sweep();

    const one = Object.fromEntries(KINDS.map((kind) => [kind, 1]));
    expect(result.personalDataDeleted).toEqual(one);
    const meta = (await database().collection(COLLECTIONS.meta).doc('timer:sweep').get()).data[0] as { lastRunAt: Date; personalDataDeleted: PersonalDataDeleted };
    expect(meta).toMatchObject({ lastRunAt: NOW, personalDataDeleted: one });
    for (const kind of KINDS) expect(await ids(KIND_OF[kind].collection)).toEqual([`${kind}-at-cutoff`, `${kind}-inside`]);

    // A millisecond later the one at the cutoff is past it; the next run deletes it, and a run with nothing due reports 0.
    clock = ms(NOW, 1);
    expect((await sweep()).personalDataDeleted).toEqual(one);
    for (const kind of KINDS) expect(await ids(KIND_OF[kind].collection)).toEqual([`${kind}-inside`]);
    expect((await sweep()).personalDataDeleted).toEqual(Object.fromEntries(KINDS.map((kind) => [kind, 0])));
  });

  test('the numbers are the ones the privacy guide states, counted in whole days', async () => {
    const expected: Record<RetainedKind, number> = { checkIns: 14, scans: 30, faceVerifications: 30, deliveredNotices: 30, closedFollowUps: 180, travelRecords: 60 };
    for (const kind of KINDS) {
      const { collection, make } = KIND_OF[kind];
      await store(collection, [make(`${kind}-young`, ms(NOW, -(expected[kind] * DAY) + 60_000)), make(`${kind}-old`, ms(NOW, -(expected[kind] * DAY) - 60_000))]);
    }
    await sweep();
    for (const kind of KINDS) expect(await ids(KIND_OF[kind].collection)).toEqual([`${kind}-young`]);
  });

  test('a notice waiting for delivery and an open follow-up are never deleted, however old', async () => {
    const ancient = ms(NOW, -3000 * DAY);
    await store(COLLECTIONS.notifications, [
      pendingNotice('notice-waiting', ancient, null),
      // Claimed by a sweep that crashed before delivering: still to be delivered.
      pendingNotice('notice-claimed', ancient, ms(ancient, 1000)),
      // Given up on (the resident had no subscription): settled, so deleted like a delivered one.
      { ...KIND_OF.deliveredNotices.make('notice-unsubscribed', ms(retentionCutoff('deliveredNotices', NOW), -1)), channel: 'wechat:unsubscribed' },
    ]);
    await store(COLLECTIONS.followUps, [openFollowUp('follow-up-open', ancient)]);
    // A health record decides a colour until a newer one replaces it: kept whatever its age.
    await store(COLLECTIONS.feedRecords, [feedRecord('health-old', ancient, { source: 'health', status: 'confirmed', effectiveAt: ancient.toISOString() })]);

    // Called directly: cron would deliver the waiting notices before sweeping.
    expect(await sweepExpiredPersonalData(database(), NOW)).toMatchObject({ deliveredNotices: 1, closedFollowUps: 0 });
    expect(await ids(COLLECTIONS.notifications)).toEqual(['notice-claimed', 'notice-waiting']);
    expect(await ids(COLLECTIONS.followUps)).toEqual(['follow-up-open']);
    expect(await ids(COLLECTIONS.feedRecords)).toEqual(['health-old']);
    // Ten years on, still there.
    await sweepExpiredPersonalData(database(), ms(NOW, 3650 * DAY));
    expect(await ids(COLLECTIONS.notifications)).toEqual(['notice-claimed', 'notice-waiting']);
    expect(await ids(COLLECTIONS.followUps)).toEqual(['follow-up-open']);
    expect(await ids(COLLECTIONS.feedRecords)).toEqual(['health-old']);
  });

  test('two sweeps at once delete each due record once between them, and nothing else', async () => {
    const DUE = 25;
    const kept: Record<string, string[]> = {};
    for (const kind of KINDS) {
      const { collection, make } = KIND_OF[kind];
      const cutoff = retentionCutoff(kind, NOW);
      const due = Array.from({ length: DUE }, (_, i) => make(`${kind}-due-${String(i).padStart(2, '0')}`, ms(cutoff, -1 - i * 3_600_000)));
      const staying = Array.from({ length: 5 }, (_, i) => make(`${kind}-kept-${i}`, ms(cutoff, 1 + i * 3_600_000)));
      await store(collection, [...due, ...staying]);
      kept[kind] = staying.map((document) => (document as { _id: string })._id);
    }
    await store(COLLECTIONS.notifications, [pendingNotice('notice-waiting', ms(NOW, -3000 * DAY), null)]);
    await store(COLLECTIONS.followUps, [openFollowUp('follow-up-open', ms(NOW, -3000 * DAY))]);
    for (const [collection, document] of KEPT_INDEFINITELY) await store(collection, [document]);
    const before = await Promise.all(KEPT_INDEFINITELY.map(([collection]) => ids(collection)));

    const runs = await Promise.all([sweepExpiredPersonalData(database(), NOW), sweepExpiredPersonalData(database(), NOW)]);

    for (const kind of KINDS) expect(runs[0][kind] + runs[1][kind]).toBe(DUE);
    for (const kind of KINDS.filter((kind) => kind !== 'deliveredNotices' && kind !== 'closedFollowUps')) {
      expect(await ids(KIND_OF[kind].collection)).toEqual(kept[kind]);
    }
    expect(await ids(COLLECTIONS.notifications)).toEqual([...kept.deliveredNotices, 'notice-waiting'].sort());
    expect(await ids(COLLECTIONS.followUps)).toEqual([...kept.closedFollowUps, 'follow-up-open'].sort());
    expect(await Promise.all(KEPT_INDEFINITELY.map(([collection]) => ids(collection)))).toEqual(before);
    expect(before.every((list) => list.length === 1)).toBe(true);
  });
});
