/**
 * Where a page ordered by (at desc, _id desc) ended. Time alone does not name a position: many entries can share
 * a millisecond (a legacy import writes hundreds), so the document id breaks the tie and the next page starts
 * strictly after both.
 */
export interface PagePosition {
  /** Epoch ms of the last entry answered. */
  at: number;
  /** Its document id. */
  id: string;
}

/** Document ids are 32 characters in CloudBase; ours at most 64. Room, not an invitation. */
const MAX_ID_LENGTH = 128;
const BASE64URL_TEXT = /^[A-Za-z0-9_-]+$/;

/** Opaque to callers (base64url of `[at, id]`): they pass it back as it is, and its form may change. */
export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined for anything encodePageCursor did not make. */
export function decodePageCursor(cursor: string): PagePosition | undefined {
  if (!BASE64URL_TEXT.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [at, id] = value as unknown[];
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return undefined;
  return { at, id };
}
