import type { Database } from '../../cloudfunctions/shared/cloudbase';
import type { OperatorActor } from '../../cloudfunctions/shared/domain/audit';
import { importLegacyRecords } from '../../cloudfunctions/shared/legacy-import';
import type { IdProtector } from '../../cloudfunctions/shared/privacy';
import { migrationActions } from '../../cloudfunctions/staff/migration';
import type { LegacyImportRow, LegacyRecord } from '../../typings/contract';
import { inLineOrder, rejectedRow, rejectedRowLines, sendInBatches, withIdNumbersMasked, type RejectedRow } from './cli';
import type { LegacyFile } from './legacy-csv';
import type { StaffClient } from './staff-client';

/** Imports one batch and answers every row; throws when the batch as a whole fails (the run stops there). */
export type LegacyImporter = (records: LegacyRecord[]) => Promise<LegacyImportRow[]>;

/** Through the staff function (the local runtime), as the staff account the client calls as. */
export function staffFunctionImporter(client: StaffClient): LegacyImporter {
  return async (records) => (await client.call('importLegacy', { records })).rows;
}

export interface DirectImport {
  /** A deployed environment's database (cloud-database.ts connectDatabase). */
  db: Database;
  /** From the environment's own ID_HASH_KEY and ID_ENCRYPTION_KEYS. */
  protector: IdProtector;
  /** Who runs the command (`--operator`): the actor of every audit entry. */
  operator: string;
  clock?: () => Date;
}

/**
 * In this process, on the environment's database: what the staff function's importLegacy runs (its parameter
 * check, then importLegacyRecords: one transaction per row with its audit entry), with the operator as actor
 * instead of a WeChat account. The time is read per batch, as the function reads it per call.
 */
export function directImporter({ db, protector, operator, clock = () => new Date() }: DirectImport): LegacyImporter {
  const actor: OperatorActor = { kind: 'operator', name: operator };
  const params = migrationActions.importLegacy.params;
  return async (records) => {
    const parsed = params.safeParse({ records });
    if (!parsed.success) throw new Error(`请求参数不正确：${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('；')}`);
    try {
      return await importLegacyRecords({ db, protector, actor, now: clock() }, parsed.data.records);
    } catch (error) {
      // The function would log this and answer 系统繁忙; here the operator sees the database's own words.
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`云开发环境的数据库操作失败：${withIdNumbersMasked(message)}`, { cause: error });
    }
  };
}

export interface ImportSummary {
  /** Data rows in the file. */
  total: number;
  imported: number;
  unchanged: number;
  /** In line order: refused by the command (status, shape) or by the staff function. */
  rejected: RejectedRow[];
}

/**
 * Hands the file's records to the importer in batches, one after another (a batch's rows already run
 * concurrently), and sums up. `onProgress` hears the number of records answered so far.
 */
export async function runLegacyImport(
  file: LegacyFile,
  importBatch: LegacyImporter,
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
      (await importBatch(batch)).forEach(tally);
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
