/** Reading the fields of a `database.*` request as the SDK sends them (see notes/cloudbase-wire-capture.json). */
import type { AdminRequest } from '../service';
import { decodeRequestValue, isPlainObject, type Doc } from './ejson';
import { invalidParam } from './errors';
import type { SortSpec } from './mql';

/** CloudBase's server-side defaults for a cloud function: 100 documents unless asked, never more than 1000. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export class RequestFields {
  constructor(
    private readonly request: AdminRequest,
    /** The server time of this request: every db.serverDate() in it gets the same instant. */
    private readonly now: Date,
  ) {}

  collection(): string {
    const name = this.request.collectionName;
    if (typeof name !== 'string' || name === '') throw invalidParam('collectionName must be a non-empty string');
    return name;
  }

  transactionId(): string | undefined {
    const id = this.request.transactionId;
    return id === undefined || id === null || id === '' ? undefined : String(id);
  }

  /** The filter; absent or empty means every document. */
  query(): Doc {
    const text = this.request.query;
    return text === undefined || text === '' ? {} : this.object('query', text);
  }

  /** modifyDocument / modifyAndReturnDoc: one EJSON object. */
  data(): Doc {
    return this.object('data', this.request.data);
  }

  /** insertDocument: an array of EJSON documents. */
  documents(): Doc[] {
    const data = this.request.data;
    if (!Array.isArray(data) || data.length === 0) throw invalidParam('data must be a non-empty array of EJSON documents');
    return data.map((text, i) => this.object(`data[${i}]`, text));
  }

  /** `orderBy` arrives as `{ field: 1 | -1 }`; the older `[{ field, direction }]` form is accepted too. */
  order(): SortSpec | undefined {
    if (this.request.order === undefined || this.request.order === '') return undefined;
    const order = this.value('order', this.request.order);
    const pairs: unknown[][] | undefined = Array.isArray(order)
      ? order.map((item: unknown) => (isPlainObject(item) ? [item.field, item.direction] : [item]))
      : isPlainObject(order)
        ? Object.entries(order)
        : undefined;
    if (!pairs) throw invalidParam('order must be an object of field: 1 | -1');
    return Object.fromEntries(pairs.map(([field, direction]) => [checkField(field), sortDirection(field, direction)]));
  }

  projection(): Doc | undefined {
    const text = this.request.projection;
    return text === undefined || text === '' ? undefined : this.object('projection', text);
  }

  offset(): number {
    const offset = this.request.offset ?? 0;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalidParam('offset must be a non-negative integer');
    return offset;
  }

  /** The SDK clamps too, but the server enforces the same bounds for any client. */
  limit(): number {
    const limit = this.request.limit;
    if (limit === undefined || limit === null || limit === 0) return DEFAULT_LIMIT;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidParam('limit must be a positive integer');
    return Math.min(limit, MAX_LIMIT);
  }

  flag(name: 'multi' | 'merge' | 'upsert', fallback: boolean): boolean {
    const value = this.request[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw invalidParam(`${name} must be a boolean`);
    return value;
  }

  /** aggregateDocuments: `[{ stageKey: '$match', stageValue: '<EJSON or JSON>' }]` into a mingo pipeline. */
  pipeline(): Doc[] {
    const stages = this.request.stages;
    if (!Array.isArray(stages)) throw invalidParam('stages must be an array of { stageKey, stageValue }');
    return stages.map((stage: unknown, i) => {
      if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || typeof stage.stageValue !== 'string') {
        throw invalidParam(`stages[${i}] must be { stageKey: string, stageValue: string }`);
      }
      return { [stage.stageKey]: this.value(`stages[${i}] (${stage.stageKey})`, stage.stageValue) };
    });
  }

  private object(field: string, text: unknown): Doc {
    const value = this.value(field, text);
    if (!isPlainObject(value)) throw invalidParam(`${field} must be an EJSON object`);
    return value;
  }

  private value(field: string, text: unknown): unknown {
    if (typeof text !== 'string') throw invalidParam(`${field} must be a string of Extended JSON`);
    return decodeRequestValue(text, field, this.now);
  }
}

function checkField(field: unknown): string {
  if (typeof field !== 'string' || field === '') throw invalidParam('order field names must be non-empty strings');
  return field;
}

function sortDirection(field: unknown, direction: unknown): 1 | -1 {
  if (direction === 1 || direction === 'asc') return 1;
  if (direction === -1 || direction === 'desc') return -1;
  throw invalidParam(`order of ${String(field)} must be 1, -1, "asc" or "desc"`);
}
