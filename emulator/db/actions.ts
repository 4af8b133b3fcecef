/**
 * The `database.*` actions of `POST /admin`, answered in the shapes @cloudbase/database 1.4.3 parses.
 * Reads and writes outside a transaction use the committed state; with a transactionId they go through
 * the transaction's view and write set (see transactions.ts).
 */
import { randomBytes } from 'node:crypto';
import { AdminError, type AdminRequest, type AdminResponse, type AdminService } from '../service';
import { encode, idKey, isPlainObject, type Doc } from './ejson';
import { DbErrorCode, errorMessage } from './errors';
import { aggregate, find } from './mql';
import { RequestFields } from './request';
import type { Store, StoredCollection } from './store';
import { documentLock, locksFor, type Transaction, type Transactions } from './transactions';
import { documents, overlay, type ChangeSet, type CollectionView } from './view';
import { candidates, planInsert, planRemove, planUpdate, planUpdateAndReturn, select, type WritePlan } from './writes';

type Handler = (fields: RequestFields) => Promise<AdminResponse> | AdminResponse;

/** The document id a query names directly (`doc(id)` operations), if any. */
function targetedId(query: Doc): unknown[] {
  return Object.hasOwn(query, '_id') && !isPlainObject(query._id) ? [query._id] : [];
}

/** Actions of the old transaction API (src/transaction.ts) that node-sdk 3.x never sends. */
const LEGACY_ACTIONS = new Set(['getInTransaction', 'updateDocInTransaction', 'deleteDocInTransaction']);

/** A 32-hex-digit id, the shape CloudBase gives documents added without `_id`. */
function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

export class DatabaseActions implements AdminService {
  private readonly handlers: Record<string, Handler> = {
    insertDocument: async (fields) => {
      const docs = fields.documents();
      const insertedIds = await this.write(fields, (view) => planInsert(view, docs, newDocumentId));
      return { data: { insertedIds } };
    },
    getDocument: (fields) => {
      const query = fields.query();
      const options = { order: fields.order(), skip: fields.offset(), limit: fields.limit(), projection: fields.projection() };
      const list = this.read(fields, (view) => find(documents(candidates(view, query)), query, options));
      this.assertSnapshotRead(fields, [...list.map((doc) => doc._id), ...targetedId(query)]);
      return { data: { list: list.map(encode) } };
    },
    calculateDocument: (fields) => {
      const query = fields.query();
      return { data: { total: this.read(fields, (view) => select(view, query, true).length) } };
    },
    modifyDocument: async (fields) => {
      const spec = {
        query: fields.query(),
        data: fields.data(),
        replace: !fields.flag('merge', true),
        multi: fields.flag('multi', false),
        upsert: fields.flag('upsert', false),
      };
      const { updated, upsertedId } = await this.write(fields, (view) => planUpdate(view, spec, newDocumentId), targetedId(spec.query));
      return { data: { updated, upsert_id: upsertedId } };
    },
    removeDocument: async (fields) => {
      const query = fields.query();
      const multi = fields.flag('multi', false);
      const { deleted } = await this.write(fields, (view) => planRemove(view, query, multi), targetedId(query));
      return { data: { deleted } };
    },
    modifyAndReturnDoc: async (fields) => {
      const query = fields.query();
      const operators = fields.data();
      const { updated, doc } = await this.write(fields, (view) => planUpdateAndReturn(view, query, operators), targetedId(query));
      return { data: { updated, doc: doc && encode(doc) } };
    },
    aggregateDocuments: (fields) => {
      const pipeline = fields.pipeline();
      const source = this.store.require(fields.collection());
      const others = (name: string): Iterable<Doc> => documents(this.store.get(name)?.entries() ?? []);
      return { data: { list: aggregate(documents(source.entries()), pipeline, others).map(encode) } };
    },
    addCollection: (fields) => {
      this.store.createCollection(fields.collection(), this.now());
      return {};
    },
    startTransaction: () => ({ transactionId: this.transactions.start().id }),
    commitTransaction: (fields) => {
      const transaction = this.transactions.use(fields.transactionId());
      try {
        this.commit(transaction.writes);
      } catch (error) {
        this.transactions.end(transaction, `was aborted because its commit failed: ${errorMessage(error)}`);
        throw error;
      }
      this.transactions.end(transaction, 'has already been committed');
      return {};
    },
    abortTransaction: (fields) => {
      this.transactions.end(this.transactions.use(fields.transactionId()), 'has been aborted (abortTransaction)');
      return {};
    },
  };

  constructor(
    private readonly store: Store,
    private readonly transactions: Transactions,
    private readonly now: () => Date,
  ) {}

  async handleAdmin(request: AdminRequest): Promise<AdminResponse> {
    const name = request.action.replace(/^database\./, '');
    const handler = Object.hasOwn(this.handlers, name) ? this.handlers[name] : undefined;
    if (handler) return handler(new RequestFields(request, this.now()));
    const hint = LEGACY_ACTIONS.has(name)
      ? ' (an action of the legacy transaction API; use db.startTransaction() or db.runTransaction())'
      : '';
    throw new AdminError(DbErrorCode.invalidAction, `the local emulator does not implement ${request.action}${hint}`);
  }

  private read<R>(fields: RequestFields, run: (view: CollectionView) => R): R {
    const name = fields.collection();
    const transactionId = fields.transactionId();
    if (transactionId === undefined) return run(this.store.require(name));
    return this.inTransaction(transactionId, (transaction) => run(overlay(this.store.require(name), transaction.writes.get(name))));
  }

  /** Inside a transaction, the documents read (and the id asked for) must not have changed since it started. */
  private assertSnapshotRead(fields: RequestFields, ids: unknown[]): void {
    const transactionId = fields.transactionId();
    if (transactionId === undefined) return;
    const name = fields.collection();
    this.inTransaction(transactionId, (transaction) =>
      this.transactions.assertUnchangedSinceStart(transaction, ids.map((id) => documentLock(name, idKey(id)))),
    );
  }

  /**
   * Outside a transaction: plans over committed data and applies at once, unless a transaction holds a
   * document or unique key the write needs; then waits for it to end and plans again.
   */
  private async write<R>(fields: RequestFields, plan: (view: CollectionView) => WritePlan<R>, targets: unknown[] = []): Promise<R> {
    const name = fields.collection();
    const transactionId = fields.transactionId();
    if (transactionId !== undefined) {
      // A write to a document changed since the transaction started conflicts even when it would change
      // nothing now: the transaction decided on the state before that change.
      this.assertSnapshotRead(fields, targets);
      return this.inTransaction(transactionId, (transaction) => this.stage(transaction, this.store.require(name), plan));
    }
    const deadline = this.transactions.lockDeadline();
    for (;;) {
      const collection = this.store.require(name);
      const { changes, result } = plan(collection);
      const locks = locksFor(collection, changes);
      if (!this.transactions.hasLockedAny(locks)) {
        this.commit(new Map([[name, changes]]));
        return result;
      }
      await this.transactions.waitForLocks(locks, deadline);
    }
  }

  /** Adds a write to a transaction's write set after its unique-key and lock checks; nothing reaches SQLite. */
  private stage<R>(transaction: Transaction, collection: StoredCollection, plan: (view: CollectionView) => WritePlan<R>): R {
    const pending = transaction.writes.get(collection.name);
    const { changes, result } = plan(overlay(collection, pending));
    if (changes.size === 0) return result;
    const merged = new Map([...(pending ?? []), ...changes]);
    for (const index of collection.uniqueIndexes) index.assertNoDuplicate(merged);
    this.transactions.claim(transaction, locksFor(collection, changes));
    transaction.writes.set(collection.name, merged);
    return result;
  }

  /** Runs a request of a transaction; as in MongoDB, a failed request aborts the whole transaction. */
  private inTransaction<R>(id: string, run: (transaction: Transaction) => R): R {
    const transaction = this.transactions.use(id);
    try {
      return run(transaction);
    } catch (error) {
      this.transactions.end(transaction, `was aborted because a request in it failed: ${errorMessage(error)}`);
      throw error;
    }
  }

  private commit(changeSet: ChangeSet): void {
    if ([...changeSet.values()].every((changes) => changes.size === 0)) return;
    this.store.apply(changeSet);
    this.transactions.recordCommitted([...changeSet].flatMap(([name, changes]) => [...changes.keys()].map((id) => documentLock(name, id))));
  }
}
