import type { LegacyImportRow } from '../../typings/contract';
import { isNormalisedIdNumber } from '../../cloudfunctions/shared/domain/id-number';
import { maskIdNumber } from '../../cloudfunctions/shared/domain/masking';
import type { LegacyFile } from './legacy-csv';
import type { StaffClient } from './staff-client';

/** A refused row as the report shows it: the ID number masked, never in clear. */
export interface RejectedRow {
  line: number;
  idMasked: string;
  reason: string;
}

export interface ImportSummary {
  /** Data rows in the file. */
  total: number;
  imported: number;
  unchanged: number;
  /** In line order: refused by the command (status, shape) or by the staff function. */
  rejected: RejectedRow[];
}

/** A batch failed (service unreachable, refused the caller): what the batches before it did is kept. */
export class ImportInterrupted extends Error {
  constructor(
    cause: Error,
    readonly summary: ImportSummary,
  ) {
    super(cause.message, { cause });
    this.name = 'ImportInterrupted';
  }
}

/** For the report: the masked form where the file holds an ID-number-shaped text, else only its length. */
export function maskForReport(idNumber: string): string {
  const candidate = idNumber.trim().toUpperCase();
  if (candidate === '') return '（无号码）';
  return isNormalisedIdNumber(candidate) ? maskIdNumber(candidate) : '*'.repeat([...candidate].length);
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
    rejected: file.rejected.map(({ line, idNumber, reason }) => ({ line, idMasked: maskForReport(idNumber), reason })),
  };
  const tally = (row: LegacyImportRow) => {
    if (row.outcome === 'imported') summary.imported += 1;
    else if (row.outcome === 'unchanged') summary.unchanged += 1;
    else summary.rejected.push({ line: row.line, idMasked: maskForReport(idNumberOfLine.get(row.line) ?? ''), reason: row.reason ?? '未说明原因' });
  };

  let done = 0;
  onProgress(done, file.records.length);
  try {
    for (let start = 0; start < file.records.length; start += batchSize) {
      const batch = file.records.slice(start, start + batchSize);
      const { rows } = await client.call('importLegacy', { records: batch });
      rows.forEach(tally);
      done += batch.length;
      onProgress(done, file.records.length);
    }
  } catch (error) {
    throw new ImportInterrupted(error instanceof Error ? error : new Error(String(error)), sorted(summary));
  }
  return sorted(summary);
}

function sorted(summary: ImportSummary): ImportSummary {
  return { ...summary, rejected: [...summary.rejected].sort((a, b) => a.line - b.line) };
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
    for (const row of summary.rejected) lines.push(`  第 ${row.line} 行  ${row.idMasked}  ${row.reason}`);
  }
  return lines.join('\n');
}
