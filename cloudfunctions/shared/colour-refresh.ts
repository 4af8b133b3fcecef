import { readInTransaction, runAtomically, type Database } from './cloudbase';
import { storeColour } from './colour-store';
import { passColour } from './domain/colour-change';
import type { FactsDocument } from './domain/facts';
import type { PassDocument } from './domain/pass';
import { AppError } from './errors';
import { COLLECTIONS } from './schema';

export function isDue(pass: PassDocument, now: Date): boolean {
  return pass.status === 'active' && pass.colour.nextChangeAt !== null && pass.colour.nextChangeAt.getTime() <= now.getTime();
}

/**
 * Recomputes a pass whose colour changes by time alone (yellow turning green after 14 days) once that
 * time has come. In a transaction that first checks the pass is still due: of concurrent readers and
 * sweeps, one writes and the others find it done. Passes not due are answered as they are, with no I/O.
 */
export async function refreshIfDue(db: Database, pass: PassDocument, now: Date): Promise<PassDocument> {
  if (!isDue(pass, now)) return pass;
  return runAtomically(
    db,
    async (transaction) => {
      const current = await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, pass._id);
      if (!current || !isDue(current, now)) return current ?? pass;
      const facts = await readInTransaction<FactsDocument>(transaction, COLLECTIONS.facts, current.personKey);
      const colour = passColour(facts, now, current);
      await storeColour(transaction, current, colour, 'time', now);
      return { ...current, colour, updatedAt: now };
    },
    () => new AppError('CONFLICT', '通行码正在更新，请稍后刷新'),
  );
}

/** Passes whose colour is due to change, a batch at a time, recomputed: colours stay right for people who never open the app. */
export async function sweepDueColours(db: Database, now: Date, batchSize = 100): Promise<number> {
  let refreshed = 0;
  const seen = new Set<string>();
  for (;;) {
    const { data } = await db
      .collection(COLLECTIONS.passes)
      .where({ status: 'active', 'colour.nextChangeAt': db.command.lte(now) })
      .limit(batchSize)
      .get();
    // A pass seen again was refreshed but is due once more (or a concurrent sweep is behind): stop, never spin.
    const due = (data as PassDocument[]).filter((pass) => !seen.has(pass._id));
    for (const pass of due) {
      seen.add(pass._id);
      await refreshIfDue(db, pass, now);
      refreshed++;
    }
    if (data.length < batchSize || due.length === 0) return refreshed;
  }
}
