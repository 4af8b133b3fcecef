import type { LegacyImportRow, LegacyRecord } from '../../typings/contract';
import { appendAudit } from './audit';
import { readInTransaction, runAtomically, type Database } from './cloudbase';
import { AppError } from './errors';
import { auditEntry, type AuditActor } from './domain/audit';
import { chinaDate } from './domain/china-date';
import { checkLegacyBatch, decideLegacyImport, type CheckedLegacyRecord } from './domain/legacy';
import type { PassDocument, PersonDocument } from './domain/pass';
import { newPassDocument, passOf, storeNewPass } from './passes';
import type { IdProtector } from './privacy';
import { COLLECTIONS } from './schema';

/**
 * Rows of a batch are independent (checkLegacyBatch refuses a person's second row), so a few run at once:
 * an imported row is 8 database round trips and little CPU. Measured with 10 ms added to each round trip (as
 * in the cloud): 200 rows took 22.7 s one at a time, 4.7 s eight at a time, 3.5 s sixteen at a time, most of
 * the rest being the emulator's CPU in the same process. Eight brings a full batch of 500 to about 500 × 8 ×
 * 10 ms / 8 = 5 s of waiting, inside the staff function's 10 s timeout, without crowding the environment's
 * database connections. (On the local emulator alone it is CPU-bound: about 4 s for 500 either way.)
 */
const LEGACY_IMPORT_CONCURRENCY = 8;

const AUDIT_REASON = '旧系统通行证转入';

const busy = () => new AppError('CONFLICT', '同时有其他操作在处理此人的通行证，未能转入；请稍后重新导入此行');

export interface LegacyImport {
  db: Database;
  protector: IdProtector;
  /** The staff member calling the staff function, or the operator running the command on a deployed environment. */
  actor: AuditActor;
  now: Date;
}

/**
 * Imports one batch: one transaction per row, so a refused or failed row never holds back the others, and
 * rows answered in the order given. Each imported pass is audited in the transaction that creates it.
 */
export async function importLegacyRecords(work: LegacyImport, records: readonly LegacyRecord[]): Promise<LegacyImportRow[]> {
  return mapConcurrently(checkLegacyBatch(records, work.now), LEGACY_IMPORT_CONCURRENCY, async (check): Promise<LegacyImportRow> => {
    if (!check.ok) return { line: check.line, outcome: 'rejected', reason: check.reason };
    try {
      return await importRecord(work, check.record);
    } catch (error) {
      // Only a row that kept losing races is answered as refused; anything else fails the call.
      if (error instanceof AppError) return { line: check.record.line, outcome: 'rejected', reason: error.message };
      throw error;
    }
  });
}

/**
 * Reads the person's pass and creates the imported one in ONE transaction, with the persons lock document:
 * apply, printed passes and imports all create that same document, so only one of them wins a person. The
 * audit entry is written in the same transaction, one per imported pass: the act and its record are stored
 * together or not at all, and a staff member looking a pass up finds its import by the pass id. A per-batch
 * entry would save one write per row but could not be atomic with rows that commit separately.
 */
async function importRecord({ db, protector, actor, now }: LegacyImport, record: CheckedLegacyRecord): Promise<LegacyImportRow> {
  const personKey = protector.hash(record.idNumber);
  return runAtomically(
    db,
    async (transaction): Promise<LegacyImportRow> => {
      const person = await readInTransaction<PersonDocument>(transaction, COLLECTIONS.persons, personKey);
      const decision = decideLegacyImport(await passOf(transaction, person), record.legacyNumber);
      if (decision.kind === 'reject') return { line: record.line, outcome: 'rejected', reason: decision.reason };
      if (decision.kind === 'unchanged') return { line: record.line, outcome: 'unchanged' };

      const pass: PassDocument = {
        ...newPassDocument(protector, { personKey, idNumber: record.idNumber, name: record.name, openid: null, origin: 'migrated', card: null, now }),
        issuedAt: record.issuedAt ?? now,
        legacy: { number: record.legacyNumber, status: 'active', importedAt: now },
      };
      await storeNewPass(transaction, pass);
      await appendAudit(
        transaction,
        auditEntry(actor, now, 'pass.import', { kind: 'pass', id: pass._id }, AUDIT_REASON, {
          legacyNumber: record.legacyNumber,
          line: record.line,
          issuedOn: record.issuedAt ? chinaDate(record.issuedAt) : null,
        }),
      );
      return { line: record.line, outcome: 'imported' };
    },
    busy,
  );
}

/**
 * Maps with at most `limit` calls in flight, results in input order. After a failure no new item starts, and
 * the first error is thrown once the calls in flight have settled (nothing keeps running after the answer).
 */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await map(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
