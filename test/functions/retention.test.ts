import { randomBytes } from 'node:crypto';
import { createCron } from '../../cloudfunctions/cron';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { colourFromFacts } from '../../cloudfunctions/shared/domain/colour-change';
import { emptyFacts, type FactsDocument } from '../../cloudfunctions/shared/domain/facts';
import type { FaceVerificationDocument } from '../../cloudfunctions/shared/domain/face-verification';
import type { FeedRecordDocument, RecordFacts } from '../../cloudfunctions/shared/domain/feed-records';
import type { FollowUpDocument } from '../../cloudfunctions/shared/domain/follow-up';
import { colourChangedNotice, type NotificationDocument } from '../../cloudfunctions/shared/domain/notification';
import { RETENTION_DAYS, retentionCutoff, type RetainedKind } from '../../cloudfunctions/shared/domain/retention';
import { ingestBatch } from '../../cloudfunctions/shared/feed-ingest';
import { createIdProtector, generateIdProtectionEnv, parseIdProtectionKeys } from '../../cloudfunctions/shared/privacy';
import { sweepExpiredPersonalData, trimExpiredArrivals, type PersonalDataDeleted } from '../../cloudfunctions/shared/retention-sweep';
import type { ScanDocument } from '../../cloudfunctions/shared/scans';
import { COLLECTIONS, type CollectionName } from '../../cloudfunctions/shared/schema';
import type { CheckInDocument } from '../../cloudfunctions/shared/venues';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { passDocument } from '../support/pass-document';
import { syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T02:00:00.000Z');
let clock = NOW;
const cron = createCron(testPlatform({ clock: () => clock }));
const sweep = async () =>
  dataOf(await cron({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }))) as {
    personalDataDeleted: PersonalDataDeleted;
    factsTrimmed: number;
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

describe('arrivals past their retention leave a person\'s facts without a new record (trimExpiredArrivals)', () => {
  const protector = createIdProtector(parseIdProtectionKeys(generateIdProtectionEnv()));
  const partner = { keyId: 'travel-test', sources: ['travel'] as const, secret: randomBytes(32) };
  const arrival = (arrivedAt: Date, fromRegion = '330302') => ({ arrivedAt: arrivedAt.toISOString(), fromRegion });
  const TOUCHED = [COLLECTIONS.facts, COLLECTIONS.feedRecords, COLLECTIONS.passes, COLLECTIONS.persons, COLLECTIONS.colourHistory, COLLECTIONS.notifications];

  /** Facts as withRecord would have written them at `writtenAt`. */
  function facts(_id: string, arrivals: Record<string, { arrivedAt: string; fromRegion: string }>, writtenAt: Date): FactsDocument {
    const times = Object.values(arrivals).map(({ arrivedAt }) => Date.parse(arrivedAt));
    return { ...emptyFacts(_id, writtenAt), arrivals, oldestArrivalAt: times.length > 0 ? new Date(Math.min(...times)) : null };
  }
  /** Facts written before oldestArrivalAt existed. */
  function olderFacts(...args: Parameters<typeof facts>): Omit<FactsDocument, 'oldestArrivalAt'> {
    const { oldestArrivalAt: _unknown, ...fields } = facts(...args);
    return fields;
  }
  const storedFacts = async (id: string) => ((await database().collection(COLLECTIONS.facts).doc(id).get()).data as FactsDocument[])[0];

  beforeEach(async () => {
    const _ = database().command;
    for (const collection of TOUCHED) await database().collection(collection).where({ _id: _.exists(true) }).remove();
  });

  test('an arrival 61 days old goes, one 10 days old stays; the colour it decides stays as stored, and cron reports it', async () => {
    const written = ms(NOW, -20 * DAY);
    const before = facts('person-1', { old: arrival(ms(NOW, -61 * DAY)), recent: arrival(ms(NOW, -10 * DAY)) }, written);
    const colour = colourFromFacts(before, NOW);
    expect(colour).toMatchObject({ colour: 'yellow', reasons: [{ code: 'KEY_AREA_ARRIVAL' }] });
    await store(COLLECTIONS.facts, [before]);
    await store(COLLECTIONS.passes, [passDocument({ personKey: 'person-1', colour })]);
    await store(COLLECTIONS.persons, [{ _id: 'person-1', passId: 'pass-1', createdAt: written }]);

    const result = await sweep();

    expect(result.factsTrimmed).toBe(1);
    expect(result.personalDataDeleted).toEqual(Object.fromEntries(KINDS.map((kind) => [kind, 0])));
    expect((await database().collection(COLLECTIONS.meta).doc('timer:sweep').get()).data[0]).toMatchObject({ factsTrimmed: 1 });
    const after = await storedFacts('person-1');
    expect(after).toMatchObject({ arrivals: { recent: arrival(ms(NOW, -10 * DAY)) }, oldestArrivalAt: ms(NOW, -10 * DAY), updatedAt: NOW });
    expect(Object.keys(after.arrivals)).toEqual(['recent']);
    // Not recomputed, and no need: the rules give the trimmed facts the colour stored, with the same next change.
    const pass = (await database().collection(COLLECTIONS.passes).doc('pass-1').get()).data[0] as { colour: typeof colour };
    expect(pass.colour).toEqual(colour);
    expect(colourFromFacts(after, NOW, colour)).toEqual(colour);
    expect(await ids(COLLECTIONS.colourHistory)).toEqual([]);
    // Done: the next run finds nothing.
    expect((await sweep()).factsTrimmed).toBe(0);
  });

  test('a person with no arrival past its retention is not written; facts from before oldestArrivalAt wait for their next write', async () => {
    const written = ms(NOW, -20 * DAY);
    const cutoff = retentionCutoff('travelRecords', NOW);
    await store(COLLECTIONS.facts, [
      facts('recent-only', { recent: arrival(ms(NOW, -10 * DAY)) }, written),
      facts('at-cutoff', { edge: arrival(cutoff) }, written),
      facts('no-arrivals', {}, written),
      olderFacts('before-the-field', { old: arrival(ms(NOW, -61 * DAY)) }, written),
    ]);
    const stored = await Promise.all(['recent-only', 'at-cutoff', 'no-arrivals', 'before-the-field'].map(storedFacts));
    expect(stored[3]).not.toHaveProperty('oldestArrivalAt');

    expect((await sweep()).factsTrimmed).toBe(0);

    expect(await Promise.all(['recent-only', 'at-cutoff', 'no-arrivals', 'before-the-field'].map(storedFacts))).toEqual(stored);
  });

  test('a batch at a time, oldest first; the next run continues', async () => {
    const old = Array.from({ length: 5 }, (_, i) => facts(`old-${i}`, { a: arrival(ms(NOW, -(70 - i) * DAY)), b: arrival(ms(NOW, -DAY)) }, ms(NOW, -30 * DAY)));
    await store(COLLECTIONS.facts, old);
    expect(await trimExpiredArrivals(database(), NOW, 2)).toBe(2);
    const left = async () => (await Promise.all(old.map(({ _id }) => storedFacts(_id)))).map((document) => Object.keys(document.arrivals).join(''));
    expect(await left()).toEqual(['b', 'b', 'ab', 'ab', 'ab']);
    expect(await trimExpiredArrivals(database(), NOW, 2)).toBe(2);
    expect(await trimExpiredArrivals(database(), NOW, 2)).toBe(1);
    expect(await left()).toEqual(['b', 'b', 'b', 'b', 'b']);
  });

  test('a travel record ingested while the facts are trimmed is not lost (both at once, several times)', async () => {
    const ROUNDS = 4;
    const PEOPLE = 5;
    for (let round = 0; round < ROUNDS; round++) {
      const people = Array.from({ length: PEOPLE }, (_, i) => syntheticIdNumber(100 + round * PEOPLE + i));
      const keys = people.map((idNumber) => protector.hash(idNumber));
      await store(
        COLLECTIONS.facts,
        keys.map((key) => facts(key, { old: arrival(ms(NOW, -61 * DAY)), recent: arrival(ms(NOW, -10 * DAY)) }, ms(NOW, -20 * DAY))),
      );
      const records = people.map((idNumber, i) => ({ recordId: `new-${round}-${i}`, version: 1, idNumber, arrivedAt: ms(NOW, -DAY).toISOString(), fromRegion: '310101' }));

      const [trimmed, outcomes] = await Promise.all([
        trimExpiredArrivals(database(), NOW),
        ingestBatch({ db: database(), protector, partner: { ...partner, sources: [...partner.sources] }, source: 'travel', now: NOW }, records),
      ]);

      expect(outcomes.map((outcome) => outcome.outcome)).toEqual(records.map(() => 'accepted'));
      // Trimmed by the sweep, or already by the ingest that committed first (withRecord drops them too).
      expect(trimmed).toBeLessThanOrEqual(PEOPLE);
      for (const [i, key] of keys.entries()) {
        const after = await storedFacts(key);
        expect(Object.keys(after.arrivals).sort()).toEqual([`new-${round}-${i}`, 'recent']);
        expect(after.oldestArrivalAt).toEqual(ms(NOW, -10 * DAY));
        expect((await database().collection(COLLECTIONS.feedRecords).doc(`travel:new-${round}-${i}`).get()).data).toHaveLength(1);
      }
    }
  });
});
