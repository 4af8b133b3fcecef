/**
 * Committed state: SQLite is the durable copy, and every collection is also held parsed in memory for
 * reads and mingo queries. Writes go to SQLite first (one SQLite transaction per call) and reach the
 * cache only once SQLite accepted them, so an acknowledged write is on disk and a failed one left no trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { IndexSpec } from '../../cloudfunctions/shared/schema';
import { AdminError } from '../service';
import { decodeStored, encode, type Doc, type IdKey } from './ejson';
import { DbErrorCode, errorMessage } from './errors';
import { UniqueIndex } from './unique';
import type { ChangeSet, CollectionView } from './view';

/** Bumped when the table layout changes, so an old file is refused instead of misread. */
const FORMAT_VERSION = 1;

export class StoredCollection implements CollectionView {
  readonly docs = new Map<IdKey, Doc>();
  readonly uniqueIndexes: UniqueIndex[] = [];

  constructor(readonly name: string) {}

  get(id: IdKey): Doc | undefined {
    return this.docs.get(id);
  }

  entries(): Iterable<[IdKey, Doc]> {
    return this.docs.entries();
  }
}

export class Store {
  private readonly collections = new Map<string, StoredCollection>();
  private readonly statements;

  private constructor(private readonly sql: Database) {
    this.statements = {
      insertCollection: sql.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)'),
      // ON CONFLICT keeps the rowid, so an updated document keeps its natural-order position after a reopen.
      putDocument: sql.prepare(
        'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body',
      ),
      deleteDocument: sql.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
    };
  }

  /** Opens (or creates) the database file; null keeps everything in an in-memory SQLite database. */
  static open(file: string | null): Store {
    if (file !== null) fs.mkdirSync(path.dirname(file), { recursive: true });
    // timeout 0: a file locked by another process fails at once instead of after a 5 s busy wait.
    const sql = new BetterSqlite3(file ?? ':memory:', { timeout: 0 });
    try {
      lockExclusively(sql, file);
      // WAL with synchronous=NORMAL: a committed write survives a killed process (not a power cut).
      sql.pragma('journal_mode = WAL');
      sql.pragma('synchronous = NORMAL');
      migrate(sql);
      const store = new Store(sql);
      store.load();
      return store;
    } catch (error) {
      sql.close();
      throw error;
    }
  }

  get(name: string): StoredCollection | undefined {
    return this.collections.get(name);
  }

  /** The collection, or DATABASE_COLLECTION_NOT_EXIST as CloudBase answers for one never created. */
  require(name: string): StoredCollection {
    const collection = this.collections.get(name);
    if (!collection) {
      throw new AdminError(
        DbErrorCode.collectionNotExist,
        `collection ${name} does not exist: declare it in cloudfunctions/shared/schema.ts or create it with db.createCollection()`,
      );
    }
    return collection;
  }

  createCollection(name: string, createdAt: Date): StoredCollection {
    if (this.collections.has(name)) {
      throw new AdminError(DbErrorCode.collectionAlreadyExist, `collection ${name} already exists`);
    }
    this.statements.insertCollection.run(name, createdAt.toISOString());
    const collection = new StoredCollection(name);
    this.collections.set(name, collection);
    return collection;
  }

  /** Adds a unique index unless one of that name exists; fails when stored documents already break it. */
  ensureUniqueIndex(collection: StoredCollection, spec: IndexSpec): void {
    if (collection.uniqueIndexes.some((index) => index.spec.name === spec.name)) return;
    const index = new UniqueIndex(collection.name, spec);
    index.build(collection.entries());
    collection.uniqueIndexes.push(index);
  }

  /**
   * Writes every change of every collection in ONE SQLite transaction, after checking unique indexes:
   * all or nothing. Throws DATABASE_DUPLICATE_WRITE (nothing written) on a duplicate unique key.
   */
  apply(changeSet: ChangeSet): void {
    const targets = [...changeSet].map(([name, changes]) => ({ collection: this.require(name), changes }));
    for (const { collection, changes } of targets) {
      for (const index of collection.uniqueIndexes) index.assertNoDuplicate(changes);
    }
    // Encoded first, so a value that cannot be encoded fails the write before any row is touched.
    const rows = targets.flatMap(({ collection, changes }) =>
      [...changes].map(([id, doc]) => ({ collection: collection.name, id, body: doc && encode(doc) })),
    );
    this.sql.transaction(() => {
      for (const { collection, id, body } of rows) {
        if (body === null) this.statements.deleteDocument.run(collection, id);
        else this.statements.putDocument.run(collection, id, body);
      }
    })();
    for (const { collection, changes } of targets) {
      for (const index of collection.uniqueIndexes) index.apply(changes, (id) => collection.get(id));
      for (const [id, doc] of changes) {
        if (doc) collection.docs.set(id, doc);
        else collection.docs.delete(id);
      }
    }
  }

  close(): void {
    if (this.sql.open) this.sql.close();
  }

  private load(): void {
    const names = this.sql.prepare('SELECT name FROM collections ORDER BY rowid').pluck().all() as string[];
    for (const name of names) this.collections.set(name, new StoredCollection(name));
    const rows = this.sql.prepare('SELECT collection, id, body FROM documents ORDER BY rowid').iterate() as Iterable<{
      collection: string;
      id: IdKey;
      body: string;
    }>;
    for (const row of rows) this.require(row.collection).docs.set(row.id, decodeStored(row.body));
  }
}

/**
 * The cache makes this process the only one that may touch the file: a second emulator on the same file
 * would write behind the first one's cache. The exclusive lock makes the second one fail at open.
 */
function lockExclusively(sql: Database, file: string | null): void {
  sql.pragma('locking_mode = EXCLUSIVE');
  try {
    sql.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    throw new Error(`database file ${file} is in use by another process (is another emulator running on this data folder?): ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function migrate(sql: Database): void {
  const version = sql.pragma('user_version', { simple: true }) as number;
  if (version === FORMAT_VERSION) return;
  if (version !== 0) {
    throw new Error(`database file has format version ${version}, this emulator reads version ${FORMAT_VERSION}; move the file away to start fresh`);
  }
  // id is the canonical EJSON of _id (so "1" and 1 differ); body is the canonical EJSON document.
  const create = `
    CREATE TABLE collections (name TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id));
    PRAGMA user_version = ${FORMAT_VERSION};
  `;
  sql.transaction(() => sql.exec(create))();
}
