import tcb from '@cloudbase/node-sdk';

/**
 * The CloudBase app of the environment the function runs in. Created once per warm instance; the
 * environment id is resolved per request by the SDK (SYMBOL_CURRENT_ENV).
 */
let app: ReturnType<typeof tcb.init> | undefined;

export function cloudbase(): ReturnType<typeof tcb.init> {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export type Database = ReturnType<ReturnType<typeof tcb.init>['database']>;

export function database(): Database {
  return cloudbase().database();
}

export type Transaction = import('@cloudbase/database/dist/commonjs/transaction/index').Transaction;

/**
 * db.runTransaction with its types (the SDK declares it `any`). The SDK retries the callback when the
 * server answers DATABASE_TRANSACTION_CONFLICT. Inside, use only doc(id) operations and add: the SDK
 * silently runs where().update(), where().remove() and count() outside the transaction.
 */
export function runTransaction<T>(db: Database, work: (transaction: Transaction) => Promise<T>, attempts = 3): Promise<T> {
  return (db.runTransaction as (callback: (transaction: Transaction) => Promise<T>, times: number) => Promise<T>)(work, attempts);
}

/** A write refused because a document with that id (or unique key) exists already. */
export function isDuplicateWrite(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'DATABASE_DUPLICATE_WRITE' || (typeof message === 'string' && message.includes('E11000'));
}

/** Another writer committed first (duplicate key) or still holds the documents (conflict after the SDK's own retries). */
export function lostRace(error: unknown): boolean {
  return isDuplicateWrite(error) || (error as { code?: unknown } | undefined)?.code === 'DATABASE_TRANSACTION_CONFLICT';
}

const MAX_ATTEMPTS = 8;

/** Jittered, growing pause between attempts, so racing writers do not collide again in step. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
}

/**
 * Runs `work` in a transaction until it commits: a lost race (the other writer committed first, or still
 * holds the documents) runs it again from scratch, so it reads what the winner stored and decides anew.
 * Read everything the decision depends on inside `work`. Gives up with `onExhausted()` after 8 attempts.
 */
export async function runAtomically<T>(db: Database, work: (transaction: Transaction) => Promise<T>, onExhausted: () => Error): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTransaction(db, work);
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw onExhausted();
      await backoff(attempt);
    }
  }
}

/** `doc(id).get()` inside a transaction answers `{ data: doc | null }` (outside, an array). */
export async function readInTransaction<T>(transaction: Transaction, collection: string, id: string): Promise<T | undefined> {
  const { data } = (await transaction.collection(collection).doc(id).get()) as unknown as { data: T | null };
  return data ?? undefined;
}
