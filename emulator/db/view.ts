import type { Doc, IdKey } from './ejson';

/** The documents of one collection as some reader sees them: committed ones, or a transaction's view. */
export interface CollectionView {
  readonly name: string;
  get(id: IdKey): Doc | undefined;
  /** In natural (insertion) order, as MongoDB returns unsorted results. */
  entries(): Iterable<[IdKey, Doc]>;
}

/** The new state of each document a write touches; null deletes it. */
export type Changes = Map<IdKey, Doc | null>;

/** Changes per collection name: what a transaction commits in one SQLite transaction. */
export type ChangeSet = Map<string, Changes>;

/** The documents of entries, for mingo which wants documents only. */
export function* documents(entries: Iterable<[IdKey, Doc]>): Generator<Doc> {
  for (const [, doc] of entries) yield doc;
}

/** A transaction's view: the committed documents with its own uncommitted changes laid over them. */
export function overlay(base: CollectionView, changes: Changes | undefined): CollectionView {
  if (changes === undefined || changes.size === 0) return base;
  return {
    name: base.name,
    get: (id) => (changes.has(id) ? (changes.get(id) ?? undefined) : base.get(id)),
    *entries() {
      for (const [id, doc] of base.entries()) {
        const changed = changes.has(id) ? changes.get(id) : doc;
        if (changed) yield [id, changed];
      }
      for (const [id, doc] of changes) if (doc && base.get(id) === undefined) yield [id, doc];
    },
  };
}
