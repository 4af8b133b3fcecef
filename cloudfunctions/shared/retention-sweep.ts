import { readInTransaction, runAtomically, type Database } from './cloudbase';
import { trimmedFacts, type FactsDocument } from './domain/facts';
import { RETENTION_DAYS, retentionCutoff, type RetainedKind } from './domain/retention';
import { COLLECTIONS, type CollectionName } from './schema';

type Command = Database['command'];

/**
 * Where each kind of personal data lives and which of its documents are due at `cutoff`: one query on indexed
 * fields (the index named beside it, in schema.ts). A Record over every kind: a kind added to RETENTION_DAYS does
 * not compile until it is swept here.
 */
const SWEEPS: Record<RetainedKind, { collection: CollectionName; due: (_: Command, cutoff: Date) => Record<string, unknown> }> = {
  // check_ins.at
  checkIns: { collection: COLLECTIONS.checkIns, due: (_, cutoff) => ({ at: _.lt(cutoff) }) },
  // scans.at: when scanned (the phone's clock for offline scans).
  scans: { collection: COLLECTIONS.scans, due: (_, cutoff) => ({ at: _.lt(cutoff) }) },
  // face_verifications.created
  faceVerifications: { collection: COLLECTIONS.faceVerifications, due: (_, cutoff) => ({ createdAt: _.lt(cutoff) }) },
  // notifications.undelivered (deliveredAt, createdAt). Delivered includes settled as `wechat:unsubscribed`; a notice
  // still waiting has deliveredAt null, which no date comparison matches (MongoDB compares within a type), so it stays.
  deliveredNotices: { collection: COLLECTIONS.notifications, due: (_, cutoff) => ({ deliveredAt: _.lt(cutoff) }) },
  // follow_ups.status_closed: an open follow-up (closedAt null) is never due, however old.
  closedFollowUps: { collection: COLLECTIONS.followUps, due: (_, cutoff) => ({ status: 'closed', closedAt: _.lt(cutoff) }) },
  // feed_records.source_received: a partner resending a deleted travel record stores it again, and its arrival,
  // as old as the record, is dropped from the facts at once (facts.ts). The arrivals in people's facts are
  // trimmed by trimExpiredArrivals below.
  travelRecords: { collection: COLLECTIONS.feedRecords, due: (_, cutoff) => ({ source: 'travel', receivedAt: _.lt(cutoff) }) },
};

/** How many documents of each kind a sweep deleted. */
export type PersonalDataDeleted = Record<RetainedKind, number>;

/**
 * Deletes the personal data whose retention (domain/retention.ts) has run out at `now`: a record is kept for
 * exactly its number of days after its time, and deleted by the first sweep after that. Safe to run twice at once:
 * each delete is one conditional remove, so a document is deleted (and counted) by one of them.
 *
 * Size: one `remove()` on CloudBase deletes every match, and the cron function has 60 s (cloudbaserc.json). Sweeping
 * every 5 minutes, each run deletes about 5 minutes' worth of each kind, which is fine except for the scan log at a
 * peak (~11,700 scans/s, §3 of docs/operations.md: millions a run) and the first run after a deployment that
 * adds a kind (its whole backlog). If a run times out there, batch: read up to N `_id`s of the due documents,
 * `remove()` those by `_id: in(...)`, repeat while the run has time, and let the next run continue.
 */
export async function sweepExpiredPersonalData(db: Database, now: Date): Promise<PersonalDataDeleted> {
  const deleted = {} as PersonalDataDeleted;
  for (const kind of Object.keys(RETENTION_DAYS) as RetainedKind[]) {
    const { collection, due } = SWEEPS[kind];
    const { deleted: count } = await db.collection(collection).where(due(db.command, retentionCutoff(kind, now))).remove();
    deleted[kind] = Number(count ?? 0);
  }
  return deleted;
}

/** Facts trimmed by one run at most, one transaction each: the next run continues with the rest. */
export const FACTS_TRIM_BATCH = 200;

/** A document other writers kept winning the race for: left to the next run. */
class StillContended extends Error {}

/**
 * Drops the arrivals past their retention (RETENTION_DAYS.travelRecords, counted from the arrival) from the facts
 * of people who received no record since: withRecord drops them whenever facts are written, this finds the rest by
 * oldestArrivalAt (index facts.oldest_arrival), oldest first, up to `batch` per run. Each is re-read and written in
 * a transaction, so a record ingested at the same moment is never lost: whichever commits second re-reads and
 * decides again. Answers how many facts it wrote.
 *
 * The colour is not recomputed: no rule looks back as far as the retention (facts.test.ts checks it on the
 * shipped rule sets), so the stored colour, its reasons and its next change stay right. Facts written before
 * oldestArrivalAt existed have none and are not found here; they are trimmed when next written.
 */
export async function trimExpiredArrivals(db: Database, now: Date, batch = FACTS_TRIM_BATCH): Promise<number> {
  const cutoff = retentionCutoff('travelRecords', now);
  const { data } = await db
    .collection(COLLECTIONS.facts)
    .where({ oldestArrivalAt: db.command.lt(cutoff) })
    .orderBy('oldestArrivalAt', 'asc')
    .limit(batch)
    .field({ _id: true })
    .get();
  let trimmed = 0;
  for (const { _id: personKey } of data as Array<{ _id: string }>) {
    try {
      const wrote = await runAtomically(
        db,
        async (transaction) => {
          const facts = await readInTransaction<FactsDocument>(transaction, COLLECTIONS.facts, personKey);
          const next = facts && trimmedFacts(facts, now);
          if (!next) return false;
          const { _id, ...fields } = next;
          await transaction.collection(COLLECTIONS.facts).doc(personKey).set(fields);
          return true;
        },
        () => new StillContended(),
      );
      if (wrote) trimmed += 1;
    } catch (error) {
      if (!(error instanceof StillContended)) throw error;
    }
  }
  return trimmed;
}
