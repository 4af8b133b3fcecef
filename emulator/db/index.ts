/**
 * The local CloudBase database: answers the `database.*` actions of @cloudbase/node-sdk with MongoDB
 * semantics (mingo), unique indexes, transactions, and durable storage in SQLite.
 */
import type { DatabaseSchema } from '../../cloudfunctions/shared/schema';
import type { AdminService } from '../service';
import { DatabaseActions } from './actions';
import { Store } from './store';
import { Transactions } from './transactions';

export interface DatabaseOptions {
  /** SQLite file; null = in-memory SQLite (tests). */
  file: string | null;
  schema: DatabaseSchema;
  /** Server clock, for db.serverDate(). */
  now?: () => Date;
  /** An abandoned transaction is aborted after this long without a request (default 30 s). */
  transactionIdleMs?: number;
  /** How long a write outside transactions waits for a transaction's lock (default 10 s). */
  lockWaitMs?: number;
}

export interface EmulatorDatabase extends AdminService {
  /** Creates every collection and index of the schema that does not exist yet (idempotent). */
  ensureSchema(): void;
  /** Aborts open transactions (none of their writes were stored) and closes the file. */
  close(): void;
}

export const DEFAULT_TRANSACTION_IDLE_MS = 30_000;
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export function openDatabase(options: DatabaseOptions): EmulatorDatabase {
  const now = options.now ?? (() => new Date());
  const store = Store.open(options.file);
  const transactions = new Transactions({
    idleMs: options.transactionIdleMs ?? DEFAULT_TRANSACTION_IDLE_MS,
    lockWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  });
  const actions = new DatabaseActions(store, transactions, now);
  const database: EmulatorDatabase = {
    handleAdmin: (request) => actions.handleAdmin(request),
    ensureSchema() {
      for (const spec of options.schema.collections) {
        const collection = store.get(spec.name) ?? store.createCollection(spec.name, now());
        // Non-unique indexes only speed CloudBase up; the emulator needs just the constraints.
        for (const index of spec.indexes) if (index.unique) store.ensureUniqueIndex(collection, index);
      }
    },
    close() {
      transactions.close();
      store.close();
    },
  };
  try {
    database.ensureSchema();
  } catch (error) {
    store.close();
    throw error;
  }
  return database;
}
