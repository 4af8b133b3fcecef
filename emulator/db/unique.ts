/**
 * Unique indexes as CloudBase (MongoDB) enforces them: a missing field counts as null, compound keys
 * compare all their fields together. An array value is compared as a whole (no multikey expansion).
 */
import { EJSON } from 'bson';
import type { IndexSpec } from '../../cloudfunctions/shared/schema';
import { AdminError } from '../service';
import { encode, isPlainObject, type Doc, type IdKey } from './ejson';
import { DbErrorCode } from './errors';
import type { Changes } from './view';

export class UniqueIndex {
  /** Committed documents by index key. */
  private readonly owners = new Map<string, IdKey>();

  constructor(
    readonly collection: string,
    readonly spec: IndexSpec,
  ) {}

  /** The canonical text of the document's key values, equal for documents MongoDB would call duplicates. */
  keyOf(doc: Doc): string {
    return encode(this.spec.keys.map(({ field }) => valueAt(doc, field) ?? null));
  }

  /** Builds the index over existing documents; fails when they already break it. */
  build(docs: Iterable<[IdKey, Doc]>): void {
    for (const [id, doc] of docs) {
      const key = this.keyOf(doc);
      const owner = this.owners.get(key);
      if (owner !== undefined) {
        throw new Error(`cannot build unique index ${this.spec.name} on ${this.collection}: documents ${owner} and ${id} share ${this.describe(doc)}`);
      }
      this.owners.set(key, id);
    }
  }

  /**
   * Throws DATABASE_DUPLICATE_WRITE when applying changes over the committed documents would give two
   * documents the same key, whether both are new or one is committed and left untouched.
   */
  assertNoDuplicate(changes: Changes): void {
    const claimed = new Map<string, IdKey>();
    for (const [id, doc] of changes) {
      if (!doc) continue;
      const key = this.keyOf(doc);
      if (claimed.has(key)) throw this.duplicate(doc);
      claimed.set(key, id);
      const owner = this.owners.get(key);
      // A committed owner that the same changes delete or re-key frees its key.
      if (owner !== undefined && owner !== id && !changes.has(owner)) throw this.duplicate(doc);
    }
  }

  /** Moves committed keys to the new state; all removals first, so a key handed over in one batch survives. */
  apply(changes: Changes, before: (id: IdKey) => Doc | undefined): void {
    for (const id of changes.keys()) {
      const old = before(id);
      if (old && this.owners.get(this.keyOf(old)) === id) this.owners.delete(this.keyOf(old));
    }
    for (const [id, doc] of changes) if (doc) this.owners.set(this.keyOf(doc), id);
  }

  private duplicate(doc: Doc): AdminError {
    return new AdminError(
      DbErrorCode.duplicateWrite,
      `E11000 duplicate key error collection: ${this.collection} index: ${this.spec.name} dup key: ${this.describe(doc)}`,
    );
  }

  private describe(doc: Doc): string {
    const fields = this.spec.keys.map(({ field }) => `${field}: ${EJSON.stringify(valueAt(doc, field) ?? null)}`);
    return `{ ${fields.join(', ')} }`;
  }
}

/** The error MongoDB gives for a second document with an existing `_id`. */
export function duplicateId(collection: string, id: unknown): AdminError {
  return new AdminError(
    DbErrorCode.duplicateWrite,
    `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${EJSON.stringify(id as Doc)} }`,
  );
}

function valueAt(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}
