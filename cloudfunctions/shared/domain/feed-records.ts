import { z } from 'zod';
import { HEALTH_STATUSES } from './colour';
import { FEED_SOURCES, type FeedSource } from './feed-auth';
import { MAX_FUNCTION_BODY_BYTES } from './payload-limits';

/** At most this many records per request. */
export const MAX_BATCH_RECORDS = 1000;
/**
 * The JSON body of one `POST /feed/records` stays under this: CloudBase refuses a text body past 100 KB
 * (payload-limits.ts), and 4 KB are kept as margin. `npm run feed` packs its batches up to it.
 */
export const MAX_FEED_BODY_BYTES = MAX_FUNCTION_BODY_BYTES.text - 4_000;
/**
 * Photos arrive base64-encoded in identity records (4 bytes for 3); larger ones are refused per record.
 * Small enough that an identity record with such a photo, and every other field at its longest, fits
 * alone in a request of MAX_FEED_BODY_BYTES (scripts/lib/feed-push.test.ts checks it).
 */
export const MAX_PHOTO_BYTES = 64 * 1024;

const INSTANT = z.iso.datetime({ offset: true, message: '应为带时区的 ISO 8601 时间，如 2026-11-27T08:00:00+08:00' });

/** The partner's own id of a record: with the source, what makes a replay recognisable. */
export const RECORD_ID = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1-64 of [A-Za-z0-9_.:-]');

const COMMON = {
  recordId: RECORD_ID,
  /** Increases when the partner corrects a record; an older version never overwrites a newer one. */
  version: z.int().min(1),
  /** The person's ID number in clear, over HTTPS; hashed on arrival and never stored. */
  idNumber: z.string().max(64),
};

const PHOTO_TOO_LARGE = `photo larger than ${MAX_PHOTO_BYTES / 1024} KB (${MAX_PHOTO_BYTES} bytes)`;

/** The number of bytes a padded base64 text decodes to. */
export function base64Bytes(base64: string): number {
  return (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

const PHOTO = z.strictObject({
  contentType: z.enum(['image/jpeg', 'image/png']),
  base64: z.base64().refine((base64) => base64Bytes(base64) <= MAX_PHOTO_BYTES, PHOTO_TOO_LARGE),
});

export const RECORD_SCHEMAS = {
  health: z.strictObject({ ...COMMON, status: z.enum(HEALTH_STATUSES), effectiveAt: INSTANT }),
  identity: z.strictObject({ ...COMMON, name: z.string().max(100), photo: PHOTO.optional() }),
  travel: z.strictObject({ ...COMMON, arrivedAt: INSTANT, fromRegion: z.string().regex(/^\d{6}$/, 'a 6-digit region code') }),
} satisfies Record<FeedSource, z.ZodType>;

export type HealthInput = z.infer<(typeof RECORD_SCHEMAS)['health']>;
export type IdentityInput = z.infer<(typeof RECORD_SCHEMAS)['identity']>;
export type TravelInput = z.infer<(typeof RECORD_SCHEMAS)['travel']>;
export type RecordInput = HealthInput | IdentityInput | TravelInput;

export const BATCH = z.strictObject({
  source: z.enum(FEED_SOURCES),
  records: z.array(z.unknown()).min(1).max(MAX_BATCH_RECORDS),
});

/** What a stored record says, without the ID number (replaced by the person key) or the photo bytes (in storage). */
export type RecordFacts =
  | { source: 'health'; status: HealthInput['status']; effectiveAt: string }
  | { source: 'identity'; name: string; photo: string | null }
  | { source: 'travel'; arrivedAt: string; fromRegion: string };

/** The `feed_records` document (id `<source>:<recordId>`): the latest version of one partner record, with provenance. */
export interface FeedRecordDocument {
  _id: string;
  source: FeedSource;
  recordId: string;
  version: number;
  personKey: string;
  facts: RecordFacts;
  partnerKeyId: string;
  receivedAt: Date;
  /** Set when staff annul this version on an accepted appeal: its facts are gone; a newer version replaces the mark. */
  annulled?: { at: Date; by: string; appealId: string };
}

export function recordDocumentId(source: FeedSource, recordId: string): string {
  return `${source}:${recordId}`;
}

export type VersionDecision = 'new' | 'duplicate' | 'older';

/** Replays change nothing and an older version never overwrites a newer one. */
export function versionDecision(stored: Pick<FeedRecordDocument, 'version'> | undefined, incoming: number): VersionDecision {
  if (!stored || incoming > stored.version) return 'new';
  return incoming === stored.version ? 'duplicate' : 'older';
}

/** The result of one record in a batch, in the order sent. */
export type RecordOutcome =
  | { index: number; recordId: string | null; outcome: 'accepted' | 'duplicate' }
  | { index: number; recordId: string | null; outcome: 'rejected'; reason: string };
