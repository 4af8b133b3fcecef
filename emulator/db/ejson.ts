import { BSONRegExp, EJSON, ObjectId } from 'bson';
import { invalidParam, errorMessage } from './errors';

/** A stored document: a plain object whose `_id` is a string, a number or an ObjectId. */
export type Doc = Record<string, unknown>;

/** The canonical EJSON text of an `_id`: the primary key in SQLite and in the in-memory maps. */
export type IdKey = string;

/** JS RegExp flags that BSON regex options map to; BSON's `l` and `x` have no JS equivalent. */
const SUPPORTED_REGEX_OPTIONS = new Set(['i', 'm', 's', 'u']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Parses an EJSON string sent by the SDK into values mingo understands: BSONRegExp becomes RegExp and
 * `{ $tcb_server_date: { offset } }` becomes the Date `now + offset` (the SDK's db.serverDate()).
 */
export function decodeRequestValue(text: string, field: string, now: Date): unknown {
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (error) {
    throw invalidParam(`${field} is not valid Extended JSON: ${errorMessage(error)}`);
  }
  return toNative(parsed, field, now);
}

/** Parses a document body read back from SQLite (written by encode, so it holds no server-date markers). */
export function decodeStored(text: string): Doc {
  return toNative(EJSON.parse(text, { relaxed: true }), 'stored document', null) as Doc;
}

/** Canonical EJSON, the format the SDK parses and the one kept in SQLite. */
export function encode(value: unknown): string {
  return EJSON.stringify(value as Doc, { relaxed: false });
}

export function idKey(id: unknown): IdKey {
  return encode(id);
}

export function assertValidId(id: unknown): void {
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) || id instanceof ObjectId) return;
  throw invalidParam(`_id must be a string, a finite number or an ObjectId, got ${describeType(id)}`);
}

/**
 * Deep copy of plain objects, arrays and Dates. Other values (RegExp without the g flag, bson classes) are
 * never mutated, so sharing them is safe. Cached documents are shared with readers: writers copy first.
 */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneDocument(item)])) as T;
  }
  return value;
}

function toNative(value: unknown, field: string, now: Date | null): unknown {
  if (value instanceof BSONRegExp) return toRegExp(value, field);
  if (Array.isArray(value)) return value.map((item) => toNative(item, field, now));
  if (!isPlainObject(value)) return value;
  if (now !== null && '$tcb_server_date' in value && Object.keys(value).length === 1) {
    return serverDate(value.$tcb_server_date, field, now);
  }
  // fromEntries defines own properties, so a "__proto__" key stays data instead of changing the prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toNative(item, field, now)]));
}

function serverDate(spec: unknown, field: string, now: Date): Date {
  const offset = isPlainObject(spec) ? (spec.offset ?? 0) : undefined;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) {
    throw invalidParam(`${field} has a malformed $tcb_server_date (expected { offset: <milliseconds> })`);
  }
  return new Date(now.getTime() + offset);
}

function toRegExp(value: BSONRegExp, field: string): RegExp {
  const unsupported = [...value.options].filter((option) => !SUPPORTED_REGEX_OPTIONS.has(option));
  if (unsupported.length > 0) {
    throw invalidParam(`${field} uses regular expression option(s) "${unsupported.join('')}" that the local emulator does not support (supported: i, m, s, u)`);
  }
  try {
    return new RegExp(value.pattern, value.options);
  } catch (error) {
    throw invalidParam(`${field} holds an invalid regular expression: ${errorMessage(error)}`);
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof RegExp) return 'a RegExp';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
