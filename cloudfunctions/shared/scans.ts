import { randomBytes } from 'node:crypto';
import type { Colour, OfflineScan } from '../../typings/contract';
import { isDuplicateWrite, type Database } from './cloudbase';
import type { ScanOutcome } from './domain/verdict';
import { COLLECTIONS } from './schema';

/**
 * The `scans` document: one verification of a code. Its id is `<openid>:<scanId>`, so every account's scans
 * live in its own namespace: a guard reports a scan by its scanId and can only ever name its own, and an
 * offline scan uploaded twice (its scanId is the phone's clientScanId) is stored once.
 */
export interface ScanDocument extends ScanOutcome {
  _id: string;
  /** The account that scanned: a guard, or anyone else who opened the verifier. */
  by: string;
  /** The pass the token names, when the token was ours (offline: as the phone read it). */
  passRef: string | null;
  colourInToken: Colour | null;
  /** When it was scanned: the server's clock online, the phone's offline. */
  at: Date;
  offline: boolean;
  /** Offline scans only: when the phone uploaded it. */
  uploadedAt?: Date;
}

export function scanDocumentId(openid: string, scanId: string): string {
  return `${openid}:${scanId}`;
}

/** 12 random bytes, base64url: unguessable, and short in the follow-up report a guard sends back. */
export function newScanId(): string {
  return randomBytes(12).toString('base64url');
}

export async function logScan(db: Database, scan: ScanDocument): Promise<void> {
  await db.collection(COLLECTIONS.scans).add(scan);
}

export async function correctScan(db: Database, id: string, correction: Partial<ScanOutcome>): Promise<void> {
  await db.collection(COLLECTIONS.scans).doc(id).update(correction);
}

export async function scanOf(db: Database, openid: string, scanId: string): Promise<ScanDocument | undefined> {
  const { data } = await db.collection(COLLECTIONS.scans).doc(scanDocumentId(openid, scanId)).get();
  return (data as ScanDocument[])[0];
}

/** The log entry of a scan the guard's phone verified offline: the colour it showed is the token's. */
function offlineScanDocument(guard: { openid: string; checkpointId: string | null }, scan: OfflineScan, now: Date): ScanDocument {
  return {
    _id: scanDocumentId(guard.openid, scan.clientScanId),
    by: guard.openid,
    checkpointId: guard.checkpointId,
    passRef: scan.passRef,
    verdict: scan.verdict,
    colour: scan.colourInToken,
    colourInToken: scan.colourInToken,
    at: new Date(scan.scannedAt),
    offline: true,
    uploadedAt: now,
  };
}

/**
 * Stores a guard's offline scans, each exactly once however often the phone uploads them (a lost answer
 * makes it retry the whole batch). Two round trips: which of them are stored already, then the others in
 * one insert. An upload racing with its own retry can lose the insert on a duplicate id; it then stores
 * one by one, counting what the other got in first as duplicates.
 */
export async function storeOfflineScans(
  db: Database,
  guard: { openid: string; checkpointId: string | null },
  scans: readonly OfflineScan[],
  now: Date,
): Promise<{ stored: number; duplicates: number }> {
  const documents = [...new Map(scans.map((scan) => [scan.clientScanId, offlineScanDocument(guard, scan, now)])).values()];
  const repeatedInBatch = scans.length - documents.length;
  if (documents.length === 0) return { stored: 0, duplicates: repeatedInBatch };

  const collection = db.collection(COLLECTIONS.scans);
  const { data } = await collection
    .where({ _id: db.command.in(documents.map((document) => document._id)) })
    .field({ _id: true })
    .limit(documents.length)
    .get();
  const known = new Set((data as Array<{ _id: string }>).map((document) => document._id));
  const fresh = documents.filter((document) => !known.has(document._id));
  const duplicates = repeatedInBatch + known.size;
  if (fresh.length === 0) return { stored: 0, duplicates };
  try {
    await collection.add(fresh);
    return { stored: fresh.length, duplicates };
  } catch (error) {
    if (!isDuplicateWrite(error)) throw error;
  }
  const outcomes = await Promise.all(
    fresh.map((document) =>
      collection.add(document).then(
        () => true,
        (error: unknown) => {
          if (isDuplicateWrite(error)) return false;
          throw error;
        },
      ),
    ),
  );
  const stored = outcomes.filter(Boolean).length;
  return { stored, duplicates: duplicates + fresh.length - stored };
}
