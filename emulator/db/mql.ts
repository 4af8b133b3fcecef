/**
 * MongoDB query language through mingo: find, update, aggregate. Everything here is pure over the
 * documents it is given; mingo failures become DATABASE_REQUEST_FAILED with mingo's reason.
 */
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import { ObjectId } from 'bson';
import { AdminError } from '../service';
import { cloneDocument, idKey, isPlainObject, type Doc, type IdKey } from './ejson';
import { errorMessage, invalidParam, requestFailed } from './errors';

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  order?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

/** Operators whose meaning needs a geo index: answering them without one would be a wrong result. */
const GEO_OPERATORS = new Set(['$geoNear', '$geoWithin', '$geoIntersects', '$near', '$nearSphere']);

/** Stages that write to other collections behind the engine's back (CloudBase's aggregate has neither). */
const WRITING_STAGES = new Set(['$out', '$merge']);

/** CloudBase runs no server-side JavaScript, so `$where`, `$function` and `$accumulator` are refused. */
const BASE_OPTIONS = { scriptEnabled: false } as const;

/** Throws a clear error when a query, update or pipeline uses something the emulator cannot answer right. */
export function assertSupported(expression: unknown, where: string): void {
  if (Array.isArray(expression)) {
    for (const item of expression) assertSupported(item, where);
    return;
  }
  if (!isPlainObject(expression)) return;
  for (const [key, value] of Object.entries(expression)) {
    if (GEO_OPERATORS.has(key)) {
      throw requestFailed(`${where} uses ${key}: the local emulator does not support geo queries or geo stages; test geo code against a CloudBase environment`);
    }
    if (WRITING_STAGES.has(key)) {
      throw requestFailed(`${where} uses ${key}: aggregation stages that write collections are not supported by CloudBase nor by the local emulator`);
    }
    assertSupported(value, where);
  }
}

/** The single document key a query pins with `_id: value` or `_id: { $eq: value }`, so no scan is needed. */
export function pinnedId(query: Doc): IdKey | undefined {
  const id = isPlainObject(query._id) && Object.keys(query._id).length === 1 && '$eq' in query._id ? query._id.$eq : query._id;
  const literal = typeof id === 'string' || typeof id === 'number' || id instanceof ObjectId;
  return literal ? idKey(id) : undefined;
}

export function compileQuery(query: Doc): (doc: Doc) => boolean {
  assertSupported(query, 'the query');
  const compiled = withMingo('invalid query', () => new Query(query, BASE_OPTIONS));
  return (doc) => withMingo('invalid query', () => compiled.test(doc));
}

export function find(docs: Iterable<Doc>, query: Doc, options: FindOptions): Doc[] {
  const test = compileQuery(query);
  const order = options.order && Object.keys(options.order).length > 0 ? options.order : undefined;
  // Unordered, the first skip + limit matches are the answer, so the scan can stop there.
  const enough = order ? Infinity : (options.skip ?? 0) + (options.limit ?? Infinity);
  const matches: Doc[] = [];
  for (const doc of docs) {
    if (matches.length >= enough) break;
    if (test(doc)) matches.push(doc);
  }
  if (!order && !options.projection) return matches.slice(options.skip ?? 0, enough);
  return withMingo('invalid order or projection', () => {
    let cursor = new Query({}, BASE_OPTIONS).find<Doc>(matches, options.projection);
    if (order) cursor = cursor.sort(order);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all();
  });
}

/**
 * Applies update operators (checked by assertUpdateOperators) to a copy; undefined when nothing changed,
 * which MongoDB does not count as modified.
 */
export function applyUpdate(doc: Doc, operators: Doc): Doc | undefined {
  const copy = cloneDocument(doc);
  const changedPaths = withMingo('invalid update', () => mingoUpdate(copy, withAddToSetEach(operators)));
  return changedPaths.length > 0 ? copy : undefined;
}

/**
 * The SDK sends `_.addToSet({ each: [...] })` as `{ $addToSet: { field: { each: [...] } } }`, which the
 * CloudBase server reads as MongoDB's `$each`.
 */
function withAddToSetEach(operators: Doc): Doc {
  const addToSet = operators.$addToSet;
  if (!isPlainObject(addToSet)) return operators;
  const isEach = (value: unknown): value is { each: unknown[] } =>
    isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.each);
  const fields = Object.entries(addToSet).map(([path, value]) => [path, isEach(value) ? { $each: value.each } : value]);
  return { ...operators, $addToSet: Object.fromEntries(fields) };
}

export function assertUpdateOperators(operators: Doc): void {
  const keys = Object.keys(operators);
  if (keys.length === 0) throw invalidParam('the update is empty');
  const plain = keys.filter((key) => !key.startsWith('$'));
  if (plain.length > 0) {
    throw invalidParam(`an update with merge must use update operators only, found field(s) ${plain.join(', ')}`);
  }
  assertSupported(operators, 'the update');
}

/**
 * Runs a pipeline; `$lookup` reads other collections through resolve (an unknown one is empty, as in
 * MongoDB). Inputs are copied because mingo's stages ($addFields, $unset, $lookup...) mutate them.
 */
export function aggregate(docs: Iterable<Doc>, pipeline: Doc[], resolve: (collection: string) => Iterable<Doc>): Doc[] {
  assertSupported(pipeline, 'the aggregation');
  const copies = (source: Iterable<Doc>): Doc[] => Array.from(source, cloneDocument);
  const options = { ...BASE_OPTIONS, collectionResolver: (name: string) => copies(resolve(name)) };
  return withMingo('invalid aggregation', () => new Aggregator(pipeline, options).run(copies(docs)) as Doc[]);
}

function withMingo<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AdminError) throw error;
    throw requestFailed(`${what}: ${errorMessage(error)}`);
  }
}
