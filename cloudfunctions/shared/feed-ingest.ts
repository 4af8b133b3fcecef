import type { Database } from './cloudbase';
import { cloudbase, readInTransaction, runAtomically } from './cloudbase';
import { storeColour } from './colour-store';
import { chinaDate } from './domain/china-date';
import { passColour, type ColourCause } from './domain/colour-change';
import { emptyFacts, withRecord, type FactsDocument } from './domain/facts';
import type { FeedPartner, FeedSource } from './domain/feed-auth';
import {
  recordDocumentId,
  RECORD_SCHEMAS,
  versionDecision,
  type FeedRecordDocument,
  type RecordFacts,
  type RecordInput,
  type RecordOutcome,
} from './domain/feed-records';
import { parseIdNumber } from './domain/id-number';
import type { PersonDocument } from './domain/pass';
import { photoFields } from './domain/photo-link';
import { parsePersonName } from './domain/person-name';
import { AppError } from './errors';
import { passOf } from './passes';
import type { IdProtector } from './privacy';
import { COLLECTIONS } from './schema';

export interface IngestContext {
  db: Database;
  protector: IdProtector;
  partner: FeedPartner;
  source: FeedSource;
  now: Date;
}

/** Records of one batch stored at once: independent transactions, a few in flight. */
const CONCURRENCY = 8;

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

async function uploadPhoto(personKey: string, input: RecordInput & { photo?: { contentType: string; base64: string } }): Promise<string | null> {
  if (!input.photo) return null;
  const extension = input.photo.contentType === 'image/png' ? 'png' : 'jpg';
  // The path names the record version: a replay writes the same file, never a second one.
  const cloudPath = `photos/${personKey}/${input.recordId}-v${input.version}.${extension}`;
  const { fileID } = await cloudbase().uploadFile({ cloudPath, fileContent: Buffer.from(input.photo.base64, 'base64') });
  return fileID;
}

/** The record's facts without the ID number, instants in canonical UTC (they compare as text). */
function factsOf(source: FeedSource, input: RecordInput, photo: string | null, name: string): RecordFacts {
  if (source === 'health' && 'status' in input) return { source, status: input.status, effectiveAt: new Date(input.effectiveAt).toISOString() };
  if (source === 'travel' && 'arrivedAt' in input) return { source, arrivedAt: new Date(input.arrivedAt).toISOString(), fromRegion: input.fromRegion };
  return { source: 'identity', name, photo };
}

function recordIdOf(raw: unknown): string | null {
  const recordId = (raw as { recordId?: unknown } | null)?.recordId;
  return typeof recordId === 'string' ? recordId : null;
}

/**
 * Stores one record and everything that follows from it in ONE transaction: the record (if newer than
 * what is stored), the person's facts, and the colour (plus history and notice) of their pass if they have
 * one. A replay or an older version changes nothing.
 */
async function ingestRecord(context: IngestContext, raw: unknown, index: number): Promise<RecordOutcome> {
  const recordId = recordIdOf(raw);
  const reject = (reason: string): RecordOutcome => ({ index, recordId, outcome: 'rejected', reason });
  const parsed = RECORD_SCHEMAS[context.source].safeParse(raw);
  if (!parsed.success) return reject(describeIssues(parsed.error.issues));
  const input = parsed.data as RecordInput;
  const idNumber = parseIdNumber(input.idNumber, chinaDate(context.now));
  if (!idNumber.ok) return reject(`idNumber: ${idNumber.message}`);
  let name = '';
  if ('name' in input) {
    const parsedName = parsePersonName(input.name);
    if (!parsedName.ok) return reject(`name: ${parsedName.message}`);
    name = parsedName.value;
  }

  const { db, now, source } = context;
  const personKey = context.protector.hash(idNumber.value);
  const documentId = recordDocumentId(source, input.recordId);
  const stored = ((await db.collection(COLLECTIONS.feedRecords).doc(documentId).get()).data as FeedRecordDocument[])[0];
  const early = versionDecision(stored, input.version);
  if (early === 'duplicate') return { index, recordId, outcome: 'duplicate' };
  if (early === 'older') return reject(`version ${input.version} is older than the stored version ${stored?.version}`);
  const photo = source === 'identity' ? await uploadPhoto(personKey, input) : null;
  const recordFacts = factsOf(source, input, photo, name);

  return runAtomically(
    db,
    async (transaction): Promise<RecordOutcome> => {
      const current = await readInTransaction<FeedRecordDocument>(transaction, COLLECTIONS.feedRecords, documentId);
      const decision = versionDecision(current, input.version);
      if (decision === 'duplicate') return { index, recordId, outcome: 'duplicate' };
      if (decision === 'older') return reject(`version ${input.version} is older than the stored version ${current?.version}`);
      if (current && current.personKey !== personKey) return reject('a new version of a record cannot move it to another person');

      const facts = withRecord((await readInTransaction<FactsDocument>(transaction, COLLECTIONS.facts, personKey)) ?? emptyFacts(personKey, now), input.recordId, recordFacts, now);
      const record: Omit<FeedRecordDocument, '_id'> = {
        source,
        recordId: input.recordId,
        version: input.version,
        personKey,
        facts: recordFacts,
        partnerKeyId: context.partner.keyId,
        receivedAt: now,
      };
      const { _id: _factsId, ...factsFields } = facts;
      await transaction.collection(COLLECTIONS.feedRecords).doc(documentId).set(record);
      await transaction.collection(COLLECTIONS.facts).doc(personKey).set(factsFields);

      const person = await readInTransaction<PersonDocument>(transaction, COLLECTIONS.persons, personKey);
      const pass = await passOf(transaction, person);
      if (pass) {
        const photoUpdate = source === 'identity' && photo ? photoFields(photo) : {};
        await storeColour(transaction, pass, passColour(facts, now, pass), `feed:${source}` as ColourCause, now, photoUpdate);
      }
      return { index, recordId, outcome: 'accepted' };
    },
    () => new AppError('CONFLICT', 'record kept conflicting with concurrent writes; send it again'),
  );
}

/** Every record of a batch gets its own result; one bad record never blocks the others. */
export async function ingestBatch(context: IngestContext, records: readonly unknown[]): Promise<RecordOutcome[]> {
  const results: RecordOutcome[] = new Array(records.length);
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const index = next++;
      try {
        results[index] = await ingestRecord(context, records[index], index);
      } catch (error) {
        const recordId = recordIdOf(records[index]);
        const reason = error instanceof AppError ? error.message : 'internal error while storing this record; send it again';
        if (!(error instanceof AppError)) console.error(`[feed] record ${index} failed: ${error instanceof Error ? error.name : typeof error}`);
        results[index] = { index, recordId, outcome: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, records.length) }, worker));
  return results;
}
