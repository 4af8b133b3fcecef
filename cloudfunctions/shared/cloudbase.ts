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
