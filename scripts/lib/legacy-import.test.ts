import type { LegacyImportRow, LegacyRecord } from '../../typings/contract';
import type { LegacyFile } from './legacy-csv';
import { RunInterrupted } from './cli';
import { formatSummary, runLegacyImport, staffFunctionImporter, type ImportSummary } from './legacy-import';
import { StaffCallError, type StaffClient } from './staff-client';

const ID = '440605195803121017';

function record(line: number): LegacyRecord {
  return { line, name: '陈志明', idNumber: ID, legacyNumber: `NH-${line}`, status: 'active' };
}

/** Answers each record by its line: even lines imported, multiples of 3 unchanged, multiples of 5 rejected. */
function fakeClient(failOnCall?: number): StaffClient & { batches: number[][] } {
  const batches: number[][] = [];
  return {
    batches,
    async call(action, params) {
      if (action !== 'importLegacy') throw new Error(`unexpected ${action}`);
      const { records } = params as { records: LegacyRecord[] };
      batches.push(records.map((r) => r.line));
      if (batches.length === failOnCall) throw new StaffCallError('UNAVAILABLE', '无法连接');
      const rows = records.map((r): LegacyImportRow => {
        if (r.line % 5 === 0) return { line: r.line, outcome: 'rejected', reason: '不转入' };
        return { line: r.line, outcome: r.line % 3 === 0 ? 'unchanged' : 'imported' };
      });
      return { rows } as never;
    },
  };
}

const file: LegacyFile = {
  records: [2, 3, 4, 5, 6, 7, 8, 10].map(record),
  rejected: [{ line: 9, idNumber: `${ID.slice(0, 17)}x`, reason: '状态无法识别' }],
};

describe('runLegacyImport', () => {
  test('sends the records in batches of the given size, reports progress, and sums up in line order', async () => {
    const client = fakeClient();
    const progress: Array<[number, number]> = [];
    const summary = await runLegacyImport(file, staffFunctionImporter(client), 3, (done, total) => progress.push([done, total]));
    expect(client.batches).toEqual([
      [2, 3, 4],
      [5, 6, 7],
      [8, 10],
    ]);
    expect(progress).toEqual([
      [0, 8],
      [3, 8],
      [6, 8],
      [8, 8],
    ]);
    expect(summary).toEqual({
      total: 9,
      imported: 4,
      unchanged: 2,
      rejected: [
        { line: 5, idMasked: '4406**********1017', reason: '不转入' },
        { line: 9, idMasked: '4406**********101X', reason: '状态无法识别' },
        { line: 10, idMasked: '4406**********1017', reason: '不转入' },
      ],
    });
  });

  test('a failing batch interrupts the run; what the batches before it did is kept', async () => {
    const run = runLegacyImport(file, staffFunctionImporter(fakeClient(2)), 3);
    await expect(run).rejects.toBeInstanceOf(RunInterrupted);
    const interrupted = (await run.catch((error: unknown) => error)) as RunInterrupted<ImportSummary>;
    expect(interrupted.message).toBe('无法连接');
    expect(interrupted.summary).toMatchObject({ total: 9, imported: 2, unchanged: 1, rejected: [{ line: 9 }] });
    expect(formatSummary(interrupted.summary)).toMatch(/^共 9 行：转入 2 行，未变更 1 行，拒绝 1 行，未处理 5 行/);
  });
});

describe('the report', () => {
  test('counts, then each refused row with its line, masked ID number and reason', () => {
    const report = formatSummary({
      total: 3,
      imported: 1,
      unchanged: 1,
      rejected: [{ line: 4, idMasked: '4406**********1017', reason: '原通行证已作废或注销，不转入' }],
    });
    expect(report).toBe(
      ['共 3 行：转入 1 行，未变更 1 行，拒绝 1 行', '拒绝的行（修改后可重新导入整个文件，已转入的行不会重复转入）：', '  第 4 行  4406**********1017  原通行证已作废或注销，不转入'].join('\n'),
    );
  });

  test('nothing refused: one line', () => {
    expect(formatSummary({ total: 2, imported: 2, unchanged: 0, rejected: [] })).toBe('共 2 行：转入 2 行，未变更 0 行，拒绝 0 行');
  });
});
