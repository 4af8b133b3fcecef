/**
 * Transactions: a private write set per transaction, committed in one SQLite transaction.
 *
 * Locking is first-writer-wins, like MongoDB's: the first transaction that writes a document (or claims a
 * unique key value) holds it until it ends. Another transaction writing it, or writing a document that
 * someone committed after it started, gets DATABASE_TRANSACTION_CONFLICT and is aborted (the SDK's
 * runTransaction then retries from scratch). Writes outside transactions wait for the holder to end.
 * Reads never lock: they see committed data, plus their own writes inside a transaction. A transaction that
 * reads a document someone committed after it started conflicts too, so that everything a transaction
 * reads is as of its start, as with MongoDB's snapshot reads (a decision made on a mix of before and after
 * another commit would be wrong). Documents a query did not return (phantoms) are not tracked.
 */
import { randomUUID } from 'node:crypto';
import { AdminError } from '../service';
import type { IdKey } from './ejson';
import { DbErrorCode, invalidParam } from './errors';
import type { StoredCollection } from './store';
import type { ChangeSet, Changes } from './view';

export interface TransactionSettings {
  /** An abandoned transaction is aborted (its locks released) after this long without a request. */
  idleMs: number;
  /** How long a write outside transactions waits for a transaction's lock before DATABASE_TIMEOUT. */
  lockWaitMs: number;
}

export class Transaction {
  readonly writes: ChangeSet = new Map();
  readonly locks = new Set<string>();

  constructor(
    readonly id: string,
    /** The commit sequence number when it started: later commits to a document it then writes conflict. */
    readonly startedAt: number,
    readonly idleTimer: NodeJS.Timeout,
  ) {}
}

/** The locks a write needs: its documents, and the unique key values of the documents it leaves. */
export function locksFor(collection: StoredCollection, changes: Changes): string[] {
  const locks = [...changes.keys()].map((id) => documentLock(collection.name, id));
  for (const doc of changes.values()) {
    if (!doc) continue;
    for (const index of collection.uniqueIndexes) locks.push(uniqueLock(collection.name, index.spec.name, index.keyOf(doc)));
  }
  return locks;
}

export function documentLock(collection: string, id: IdKey): string {
  return `doc\u0000${collection}\u0000${id}`;
}

function uniqueLock(collection: string, index: string, key: string): string {
  return `unique\u0000${collection}\u0000${index}\u0000${key}`;
}

/** Why recently ended transactions ended, so a late commit gets an actionable message. */
const REMEMBERED_ENDINGS = 1000;

export class Transactions {
  private readonly active = new Map<string, Transaction>();
  private readonly endings = new Map<string, string>();
  private readonly lockOwners = new Map<string, Transaction>();
  /** Commit sequence of the last write per document lock; only needed while a transaction is open. */
  private readonly lastWrite = new Map<string, number>();
  private sequence = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly settings: TransactionSettings) {}

  start(): Transaction {
    const id = randomUUID();
    const timer = setTimeout(() => this.end(transaction, `expired after ${this.settings.idleMs} ms without a request and was aborted`), this.settings.idleMs);
    timer.unref();
    const transaction = new Transaction(id, this.sequence, timer);
    this.active.set(id, transaction);
    return transaction;
  }

  /** The open transaction with this id, its idle clock restarted; DATABASE_TRANSACTION_FAIL otherwise. */
  use(id: unknown): Transaction {
    if (typeof id !== 'string' || id === '') throw invalidParam('transactionId must be a non-empty string');
    const transaction = this.active.get(id);
    if (transaction) {
      transaction.idleTimer.refresh();
      return transaction;
    }
    const ending = this.endings.get(id);
    throw new AdminError(
      DbErrorCode.transactionFail,
      ending ? `transaction ${id} ${ending}` : `transaction ${id} is unknown: it was never started here, or ended before the emulator restarted`,
    );
  }

  /**
   * Takes the locks a transaction's write needs, all or none. On a conflict the transaction is aborted and
   * DATABASE_TRANSACTION_CONFLICT thrown.
   */
  claim(transaction: Transaction, locks: string[]): void {
    for (const lock of locks) {
      const owner = this.lockOwners.get(lock);
      if (owner && owner !== transaction) {
        throw this.conflict(transaction, `${describeLock(lock)} is being written by transaction ${owner.id}`);
      }
    }
    this.assertUnchangedSinceStart(transaction, locks);
    for (const lock of locks) {
      this.lockOwners.set(lock, transaction);
      transaction.locks.add(lock);
    }
  }

  /** DATABASE_TRANSACTION_CONFLICT (aborting it) if another write committed any of these after the transaction started. */
  assertUnchangedSinceStart(transaction: Transaction, locks: Iterable<string>): void {
    for (const lock of locks) {
      if ((this.lastWrite.get(lock) ?? -1) > transaction.startedAt) {
        throw this.conflict(transaction, `${describeLock(lock)} was changed by another write after the transaction started`);
      }
    }
  }

  /** Ends a transaction (committed, aborted, expired): releases its locks and wakes waiting writes. */
  end(transaction: Transaction, outcome: string): void {
    if (this.active.get(transaction.id) !== transaction) return;
    clearTimeout(transaction.idleTimer);
    this.active.delete(transaction.id);
    for (const lock of transaction.locks) this.lockOwners.delete(lock);
    this.endings.set(transaction.id, outcome);
    if (this.endings.size > REMEMBERED_ENDINGS) this.endings.delete(this.endings.keys().next().value as string);
    if (this.active.size === 0) this.lastWrite.clear();
    for (const wake of [...this.waiters]) wake();
  }

  /** Records committed document writes, so that open transactions writing them later conflict. */
  recordCommitted(locks: Iterable<string>): void {
    this.sequence += 1;
    if (this.active.size === 0) return;
    for (const lock of locks) this.lastWrite.set(lock, this.sequence);
  }

  /** Resolves once no transaction holds any of the locks; DATABASE_TIMEOUT after the deadline. */
  async waitForLocks(locks: string[], deadline: number): Promise<void> {
    for (;;) {
      const held = locks.find((lock) => this.lockOwners.has(lock));
      if (held === undefined) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new AdminError(
          DbErrorCode.timeout,
          `${describeLock(held)} stayed locked by transaction ${this.lockOwners.get(held)?.id} for ${this.settings.lockWaitMs} ms; ` +
            `it is released when that transaction commits, aborts or idles out after ${this.settings.idleMs} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  lockDeadline(): number {
    return Date.now() + this.settings.lockWaitMs;
  }

  hasLockedAny(locks: string[]): boolean {
    return locks.some((lock) => this.lockOwners.has(lock));
  }

  /** Aborts every open transaction (nothing of theirs was ever written) and wakes waiting writes. */
  close(): void {
    for (const transaction of [...this.active.values()]) this.end(transaction, 'was aborted because the database closed');
  }

  private conflict(transaction: Transaction, reason: string): AdminError {
    this.end(transaction, `was aborted after a write conflict: ${reason}`);
    return new AdminError(DbErrorCode.transactionConflict, `write conflict, transaction ${transaction.id} aborted: ${reason}`);
  }
}

function describeLock(lock: string): string {
  const [kind, collection, ...rest] = lock.split('\u0000');
  return kind === 'doc' ? `document ${collection}/${rest[0]}` : `unique key ${rest[1]} of index ${rest[0]} in ${collection}`;
}
