import type { RecordOutcome } from '../../cloudfunctions/shared/domain/feed-records';
import { FeedCallError, type FeedClient } from './feed-client';
import type { FeedFile, FeedLine } from './feed-file';
import { RunInterrupted } from './cli';
import { batchesOf, formatFeedSummary, runFeed } from './feed-push';

/** A synthetic ID number (born 1900-01-01, check digit valid). */
const ID = '310101190001010011';

function line(number: number, record: unknown = { recordId: `r-${number}` }): FeedLine {
  return { line: number, idNumber: ID, record };
}

/** Answers each record by its line: multiples of 3 duplicates, multiples of 5 rejected, the rest accepted. */
function fakeClient(failOnCall?: number): FeedClient & { batches: number[][] } {
  const batches: number[][] = [];
  return {
    batches,
    async push(source, records) {
      expect(source).toBe('travel');
      if (batches.length + 1 === failOnCall) throw new FeedCallError('UNAUTHENTICATED', 'signature does not match');
      const lines = records.map((record) => Number((record as { recordId: string }).recordId.slice(2)));
      batches.push(lines);
      return lines.map((number, index): RecordOutcome => {
        if (number % 5 === 0) return { index, recordId: `r-${number}`, outcome: 'rejected', reason: `record ${number} is wrong` };
        return { index, recordId: `r-${number}`, outcome: number % 3 === 0 ? 'duplicate' : 'accepted' };
      });
    },
  };
}

const file = (lines: number[], rejected: FeedFile['rejected'] = []): FeedFile => ({ records: lines.map((number) => line(number)), rejected });

describe('batchesOf', () => {
  test('at most the given number of records a batch, in order', () => {
    const lines = [2, 3, 4, 5, 6, 7, 8].map((number) => line(number));
    expect(batchesOf(lines, 3).map((batch) => batch.map(({ line: number }) => number))).toEqual([[2, 3, 4], [5, 6, 7], [8]]);
    expect(batchesOf([], 3)).toEqual([]);
  });

  test('a batch also stops short of the byte limit; a record larger than it goes alone', () => {
    const sized = (number: number, bytes: number) => line(number, { pad: 'x'.repeat(bytes - 11) }); // {"pad":""} is 10 bytes, plus 1 separating
    const batches = batchesOf([sized(2, 40), sized(3, 40), sized(4, 40), sized(5, 200), sized(6, 20)], 100, 100);
    expect(batches.map((batch) => batch.map(({ line: number }) => number))).toEqual([[2, 3], [4], [5], [6]]);
  });
});

describe('runFeed', () => {
  test('pushes in batches, reports progress per batch, and maps each rejection back to its line', async () => {
    const client = fakeClient();
    const progress: string[] = [];
    const local = { line: 7, idNumber: 'not a number', reason: '这一行不是有效的 JSON' };
    const summary = await runFeed(file([2, 3, 4, 5, 6, 8, 9, 10, 11], [local]), client, 'travel', 4, (done, total) => progress.push(`${done}/${total}`));
    expect(client.batches).toEqual([[2, 3, 4, 5], [6, 8, 9, 10], [11]]);
    expect(progress).toEqual(['0/9', '4/9', '8/9', '9/9']);
    expect(summary).toEqual({
      total: 10,
      accepted: 4,
      duplicate: 3,
      rejected: [
        { line: 5, idMasked: '3101**********0011', reason: 'record 5 is wrong' },
        { line: 7, idMasked: '************', reason: '这一行不是有效的 JSON' },
        { line: 10, idMasked: '3101**********0011', reason: 'record 10 is wrong' },
      ],
    });
  });

  test('a refused batch interrupts the run; what the batches before it did is kept', async () => {
    const run = runFeed(file([2, 3, 4, 5]), fakeClient(2), 'travel', 2);
    await expect(run).rejects.toThrow(RunInterrupted);
    await expect(run).rejects.toMatchObject({ message: 'signature does not match', summary: { total: 4, accepted: 1, duplicate: 1, rejected: [] } });
  });
});

describe('the report', () => {
  test('counts, then each refused record with its line, masked ID number and reason', () => {
    const report = formatFeedSummary({ total: 3, accepted: 1, duplicate: 1, rejected: [{ line: 4, idMasked: '3101**********0011', reason: 'fromRegion: 6-digit region code' }] });
    expect(report.split('\n')).toEqual([
      '共 3 条记录：接受 1 条，重复 1 条，拒绝 1 条',
      '拒绝的记录（改正后可重新推送整个文件，已接受的记录会显示为重复）：',
      '  第 4 行  3101**********0011  fromRegion: 6-digit region code',
    ]);
  });

  test('an interrupted run says how many records were not reached', () => {
    expect(formatFeedSummary({ total: 5, accepted: 2, duplicate: 0, rejected: [] })).toBe('共 5 条记录：接受 2 条，重复 0 条，拒绝 0 条，未处理 3 条');
  });
});
