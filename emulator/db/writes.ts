/**
 * Write planning: what an insert, update or remove would change, computed over a collection view
 * without touching it. The caller then checks locks and unique keys and applies the changes.
 */
import { assertValidId, cloneDocument, encode, idKey, isPlainObject, type Doc, type IdKey } from './ejson';
import { invalidParam, requestFailed } from './errors';
import { applyUpdate, assertUpdateOperators, compileQuery, pinnedId } from './mql';
import { duplicateId } from './unique';
import type { Changes, CollectionView } from './view';

export interface WritePlan<Result> {
  changes: Changes;
  result: Result;
}

export interface UpdateSpec {
  query: Doc;
  /** Update operators, or with replace the whole new document (`doc().set()`). */
  data: Doc;
  replace: boolean;
  multi: boolean;
  upsert: boolean;
}

/** Inserts all documents or none: a taken `_id`, also within the batch, is a duplicate. */
export function planInsert(view: CollectionView, docs: Doc[], newId: () => string): WritePlan<unknown[]> {
  const changes: Changes = new Map();
  const ids = docs.map((doc) => {
    const stored = '_id' in doc ? doc : { _id: newId(), ...doc };
    assertValidId(stored._id);
    const key = idKey(stored._id);
    if (changes.has(key) || view.get(key)) throw duplicateId(view.name, stored._id);
    changes.set(key, stored);
    return stored._id;
  });
  return { changes, result: ids };
}

export function planUpdate(view: CollectionView, spec: UpdateSpec, newId: () => string): WritePlan<{ updated: number; upsertedId: unknown }> {
  if (spec.replace) assertReplacement(spec.data);
  else assertUpdateOperators(spec.data);
  const changes: Changes = new Map();
  const matches = select(view, spec.query, spec.multi && !spec.replace);
  for (const [id, doc] of matches) {
    const updated = spec.replace ? replaced(doc, spec.data) : applyUpdate(doc, spec.data);
    // As MongoDB, a write that leaves the document as it was does not count as updated.
    if (updated && !(spec.replace && encode(updated) === encode(doc))) changes.set(id, updated);
  }
  if (matches.length > 0 || !spec.upsert) return { changes, result: { updated: changes.size, upsertedId: null } };
  const inserted = upserted(spec, newId);
  return { changes: new Map([[idKey(inserted._id), inserted]]), result: { updated: 0, upsertedId: inserted._id } };
}

export function planRemove(view: CollectionView, query: Doc, multi: boolean): WritePlan<{ deleted: number }> {
  const changes: Changes = new Map(select(view, query, multi).map(([id]) => [id, null]));
  return { changes, result: { deleted: changes.size } };
}

/** `where().updateAndReturn()`: updates the first match and returns it as it is after the update. */
export function planUpdateAndReturn(view: CollectionView, query: Doc, operators: Doc): WritePlan<{ updated: number; doc: Doc | null }> {
  assertUpdateOperators(operators);
  const [match] = select(view, query, false);
  if (!match) return { changes: new Map(), result: { updated: 0, doc: null } };
  const [id, doc] = match;
  const updated = applyUpdate(doc, operators);
  if (!updated) return { changes: new Map(), result: { updated: 0, doc } };
  return { changes: new Map([[id, updated]]), result: { updated: 1, doc: updated } };
}

/** The documents a query can match: a query pinning `_id` is a key lookup, not a scan. */
export function candidates(view: CollectionView, query: Doc): Iterable<[IdKey, Doc]> {
  const pinned = pinnedId(query);
  if (pinned === undefined) return view.entries();
  const doc = view.get(pinned);
  return doc ? [[pinned, doc]] : [];
}

/** The matching documents in natural order; only the first unless multi. */
export function select(view: CollectionView, query: Doc, multi: boolean): Array<[IdKey, Doc]> {
  const test = compileQuery(query);
  const matches: Array<[IdKey, Doc]> = [];
  for (const entry of candidates(view, query)) {
    if (!test(entry[1])) continue;
    matches.push(entry);
    if (!multi) break;
  }
  return matches;
}

/** A replacement keeps the document's `_id`: MongoDB refuses to change it (mingo does for operators). */
function replaced(doc: Doc, replacement: Doc): Doc {
  if ('_id' in replacement && idKey(replacement._id) !== idKey(doc._id)) {
    throw requestFailed(`the replacement would change _id of document ${idKey(doc._id)}; _id is immutable`);
  }
  const fields = Object.entries(cloneDocument(replacement)).filter(([key]) => key !== '_id');
  return { _id: doc._id, ...Object.fromEntries(fields) };
}

function assertReplacement(data: Doc): void {
  const operators = Object.keys(data).filter((key) => key.startsWith('$'));
  if (operators.length > 0) throw invalidParam(`a replacement document (set) cannot hold update operators, found ${operators.join(', ')}`);
}

/** The document an upsert creates: `_id` and the equality fields of the query, then the update. */
function upserted(spec: UpdateSpec, newId: () => string): Doc {
  const base: Doc = { _id: spec.query._id ?? newId() };
  for (const [field, value] of Object.entries(spec.query)) {
    const isOperator = field.startsWith('$') || (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$')));
    if (!isOperator && !field.includes('.')) base[field] = value;
  }
  const doc = spec.replace ? replaced(base, spec.data) : (applyUpdate(base, spec.data) ?? base);
  assertValidId(doc._id);
  return doc;
}
