import type { LegacyImportRow } from '../../typings/contract';
import { inLineOrder, rejectedRow, rejectedRowLines, sendInBatches, type RejectedRow } from './cli';
import type { LegacyFile } from './legacy-csv';
import type { StaffClient } from './staff-client';

export interface ImportSummary {
  /** Data rows in the file. */
  total: number;
  imported: number;
  unchanged: number;
  /** In line order: refused by the command (status, shape) or by the staff function. */
  rejected: RejectedRow[];
}

/**
 * Sends the file's records to the staff function in batches, one after another (the function already runs
 * a batch's rows concurrently), and sums up. `onProgress` hears the number of records answered so far.
 */
export async function runLegacyImport(
  file: LegacyFile,
  client: StaffClient,
  batchSize: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportSummary> {
  const idNumberOfLine = new Map(file.records.map((record) => [record.line, record.idNumber]));
  const summary: ImportSummary = {
    total: file.records.length + file.rejected.length,
    imported: 0,
    unchanged: 0,
    rejected: file.rejected.map(({ line, idNumber, reason }) => rejectedRow(line, idNumber, reason)),
  };
  const tally = (row: LegacyImportRow) => {
    if (row.outcome === 'imported') summary.imported += 1;
    else if (row.outcome === 'unchanged') summary.unchanged += 1;
    else summary.rejected.push(rejectedRow(row.line, idNumberOfLine.get(row.line) ?? '', row.reason ?? '未说明原因'));
  };

  const batches: LegacyFile['records'][] = [];
  for (let start = 0; start < file.records.length; start += batchSize) batches.push(file.records.slice(start, start + batchSize));
  return sendInBatches(
    batches,
    async (batch) => {
      const { rows } = await client.call('importLegacy', { records: batch });
      rows.forEach(tally);
    },
    () => inLineOrder(summary),
    onProgress,
  );
}

/** The report printed at the end: counts, then every refused row with its line and reason. */
export function formatSummary(summary: ImportSummary): string {
  const answered = summary.imported + summary.unchanged + summary.rejected.length;
  const notReached = summary.total - answered;
  const lines = [
    `共 ${summary.total} 行：转入 ${summary.imported} 行，未变更 ${summary.unchanged} 行，拒绝 ${summary.rejected.length} 行` +
      (notReached > 0 ? `，未处理 ${notReached} 行` : ''),
  ];
  if (summary.rejected.length > 0) {
    lines.push('拒绝的行（修改后可重新导入整个文件，已转入的行不会重复转入）：');
    lines.push(...rejectedRowLines(summary.rejected));
  }
  return lines.join('\n');
}
