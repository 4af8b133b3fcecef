import type { FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import { inLineOrder, rejectedRow, rejectedRowLines, sendInBatches, type RejectedRow } from './cli';
import type { FeedClient } from './feed-client';
import type { FeedFile, FeedLine } from './feed-file';

export interface FeedSummary {
  /** Records in the file, refused locally included. */
  total: number;
  accepted: number;
  duplicate: number;
  /** In line order: refused by the command (file format) or by the feed function. */
  rejected: RejectedRow[];
}

/**
 * CloudBase refuses a function call whose body passes 6 MB; a batch stops short of that, so that a file
 * of identity records with photos goes through in smaller batches.
 */
const MAX_BATCH_BYTES = 5 * 1024 * 1024;

/** Consecutive batches of at most `size` records and `maxBytes` of JSON (a larger single record goes alone). */
export function batchesOf(records: readonly FeedLine[], size: number, maxBytes = MAX_BATCH_BYTES): FeedLine[][] {
  const batches: FeedLine[][] = [];
  let batch: FeedLine[] = [];
  let bytes = 0;
  for (const line of records) {
    const recordBytes = Buffer.byteLength(JSON.stringify(line.record)) + 1;
    if (batch.length === size || (batch.length > 0 && bytes + recordBytes > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(line);
    bytes += recordBytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Pushes the file's records in batches and sums up. `onProgress` hears the number of records answered so far. */
export async function runFeed(
  file: FeedFile,
  client: FeedClient,
  source: FeedSource,
  batchSize: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<FeedSummary> {
  const summary: FeedSummary = {
    total: file.records.length + file.rejected.length,
    accepted: 0,
    duplicate: 0,
    rejected: file.rejected.map(({ line, idNumber, reason }) => rejectedRow(line, idNumber, reason)),
  };
  return sendInBatches(
    batchesOf(file.records, batchSize),
    async (batch) => {
      const results = await client.push(
        source,
        batch.map((line) => line.record),
      );
      for (const result of results) {
        if (result.outcome !== 'rejected') summary[result.outcome] += 1;
        else summary.rejected.push(rejectedRow(batch[result.index].line, batch[result.index].idNumber, result.reason));
      }
    },
    () => inLineOrder(summary),
    onProgress,
  );
}

/** The report printed at the end: counts, then every refused record with its line and reason. */
export function formatFeedSummary(summary: FeedSummary): string {
  const notReached = summary.total - summary.accepted - summary.duplicate - summary.rejected.length;
  const lines = [
    `共 ${summary.total} 条记录：接受 ${summary.accepted} 条，重复 ${summary.duplicate} 条，拒绝 ${summary.rejected.length} 条` + (notReached > 0 ? `，未处理 ${notReached} 条` : ''),
  ];
  if (summary.rejected.length > 0) {
    lines.push('拒绝的记录（改正后可重新推送整个文件，已接受的记录会显示为重复）：');
    lines.push(...rejectedRowLines(summary.rejected));
  }
  return lines.join('\n');
}
