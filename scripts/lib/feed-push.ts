import type { FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import { MAX_FEED_BODY_BYTES, MAX_PHOTO_BYTES } from '../../cloudfunctions/shared/domain/feed-records';
import { MAX_FUNCTION_BODY_BYTES } from '../../cloudfunctions/shared/domain/payload-limits';
import { inLineOrder, rejectedRow, rejectedRowLines, sendInBatches, type LocalRejection, type RejectedRow } from './cli';
import { feedRequestBody, type FeedClient } from './feed-client';
import type { FeedFile, FeedLine } from './feed-file';

export interface FeedSummary {
  /** Records in the file, refused locally included. */
  total: number;
  accepted: number;
  duplicate: number;
  /** In line order: refused by the command (file format, too large to send) or by the feed function. */
  rejected: RejectedRow[];
}

/** Records of a file as they go out: batches to send in order, and records too large to go in any request. */
export interface BatchPlan {
  batches: FeedLine[][];
  /** Never sent: even alone, the request would pass `maxBytes`. */
  tooLarge: LocalRejection[];
}

/** Why a record is not sent: its size alone, the limit, and (when it carries one) how large a photo may be. */
function tooLargeReason(record: unknown, bytes: number, maxBytes: number): string {
  const hasPhoto = typeof record === 'object' && record !== null && 'photo' in record;
  return (
    `这条记录单独发送也有 ${bytes} 字节，超过一次请求的上限 ${maxBytes} 字节（CloudBase 对文本请求体限 ${MAX_FUNCTION_BODY_BYTES.text / 1000} KB），未发送` +
    (hasPhoto ? `；照片最大 ${MAX_PHOTO_BYTES / 1024} KB（${MAX_PHOTO_BYTES} 字节），请压缩后重试` : '')
  );
}

/**
 * Consecutive batches, in file order, of at most `size` records whose request body (feedRequestBody, the
 * envelope included) is at most `maxBytes`: each batch takes records until the next would not fit. CloudBase
 * refuses a text body past 100 KB, so this, not the record count, is what limits batches of photos.
 */
export function batchesOf(records: readonly FeedLine[], source: FeedSource, size: number, maxBytes = MAX_FEED_BODY_BYTES): BatchPlan {
  const envelope = Buffer.byteLength(feedRequestBody(source, []));
  const plan: BatchPlan = { batches: [], tooLarge: [] };
  let batch: FeedLine[] = [];
  let bytes = envelope;
  for (const line of records) {
    // As JSON.stringify writes it inside the array (undefined there is null).
    const recordBytes = Buffer.byteLength(JSON.stringify(line.record) ?? 'null');
    if (envelope + recordBytes > maxBytes) {
      plan.tooLarge.push({ line: line.line, idNumber: line.idNumber, reason: tooLargeReason(line.record, envelope + recordBytes, maxBytes) });
      continue;
    }
    // A comma before every record but the first.
    if (batch.length === size || (batch.length > 0 && bytes + 1 + recordBytes > maxBytes)) {
      plan.batches.push(batch);
      batch = [];
      bytes = envelope;
    }
    bytes += (batch.length > 0 ? 1 : 0) + recordBytes;
    batch.push(line);
  }
  if (batch.length > 0) plan.batches.push(batch);
  return plan;
}

/** Pushes the file's records in batches and sums up. `onProgress` hears the number of records answered so far. */
export async function runFeed(
  file: FeedFile,
  client: FeedClient,
  source: FeedSource,
  batchSize: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<FeedSummary> {
  const { batches, tooLarge } = batchesOf(file.records, source, batchSize);
  const summary: FeedSummary = {
    total: file.records.length + file.rejected.length,
    accepted: 0,
    duplicate: 0,
    rejected: [...file.rejected, ...tooLarge].map(({ line, idNumber, reason }) => rejectedRow(line, idNumber, reason)),
  };
  return sendInBatches(
    batches,
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
