import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import { MAX_FEED_BODY_BYTES, MAX_PHOTO_BYTES, RECORD_SCHEMAS, type RecordOutcome } from '../../cloudfunctions/shared/domain/feed-records';
import { FeedCallError, feedRequestBody, type FeedClient } from './feed-client';
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

const numbers = (batches: FeedLine[][]) => batches.map((batch) => batch.map(({ line: number }) => number));
/** The body the client would send for a batch, and its size. */
const bodyBytes = (source: FeedSource, batch: FeedLine[]) => Buffer.byteLength(feedRequestBody(source, batch.map(({ record }) => record)));
/** A record whose JSON is exactly `bytes` long: {"pad":"…"} is 10 bytes around the padding. */
const sized = (number: number, bytes: number) => line(number, { pad: 'x'.repeat(bytes - 10) });
/** `{"source":"travel","records":[]}` */
const TRAVEL_ENVELOPE = 32;

describe('batchesOf', () => {
  test('at most the given number of records a batch, in order', () => {
    const lines = [2, 3, 4, 5, 6, 7, 8].map((number) => line(number));
    expect(numbers(batchesOf(lines, 'travel', 3).batches)).toEqual([[2, 3, 4], [5, 6, 7], [8]]);
    expect(batchesOf([], 'travel', 3)).toEqual({ batches: [], tooLarge: [] });
  });

  test('a batch takes records while its whole body, envelope and commas included, stays within the bound', () => {
    expect(bodyBytes('travel', [])).toBe(TRAVEL_ENVELOPE);
    // 32 + 40 + 1 + 40 = 113 fits exactly; a third record would not.
    const plan = batchesOf([sized(2, 40), sized(3, 40), sized(4, 40), sized(5, 81), sized(6, 20)], 'travel', 100, 113);
    expect(numbers(plan.batches)).toEqual([[2, 3], [4], [5], [6]]);
    expect(plan.batches.map((batch) => bodyBytes('travel', batch))).toEqual([113, 72, 113, 52]);
    expect(plan.tooLarge).toEqual([]);
  });

  test('a record that cannot fit even alone is never sent, refused with its size and the limits; its neighbours go on', () => {
    const plan = batchesOf([sized(2, 40), sized(3, 82), sized(4, 40)], 'travel', 100, 113);
    expect(numbers(plan.batches)).toEqual([[2, 4]]);
    expect(plan.tooLarge).toEqual([{ line: 3, idNumber: ID, reason: '这条记录单独发送也有 114 字节，超过一次请求的上限 113 字节（CloudBase 对文本请求体限 100 KB），未发送' }]);
    const withPhoto = batchesOf([line(7, { recordId: 'I-7', photo: { contentType: 'image/png', base64: 'A'.repeat(200) } })], 'identity', 100, 113);
    expect(withPhoto.tooLarge[0].reason).toMatch(/；照片最大 64 KB（65536 字节），请压缩后重试$/);
  });

  test('any records: every one once, in order, batches full up to the count or the bytes, none over the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 10, max: 400 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 100, max: 1000 }), (sizes, size, maxBytes) => {
        const lines = sizes.map((bytes, index) => sized(index + 1, bytes));
        const { batches, tooLarge } = batchesOf(lines, 'travel', size, maxBytes);
        expect([...batches.flat().map(({ line: number }) => number), ...tooLarge.map(({ line: number }) => number)].sort((a, b) => a - b)).toEqual(lines.map(({ line: number }) => number));
        expect(numbers(batches).flat()).toEqual(lines.filter((entry) => !tooLarge.some((refused) => refused.line === entry.line)).map(({ line: number }) => number));
        for (const refused of tooLarge) expect(TRAVEL_ENVELOPE + sizes[refused.line - 1]).toBeGreaterThan(maxBytes);
        batches.forEach((batch, index) => {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(size);
          expect(bodyBytes('travel', batch)).toBeLessThanOrEqual(maxBytes);
          // Greedy: the next batch's first record did not fit in this one.
          const next = batches[index + 1];
          if (next && batch.length < size) expect(bodyBytes('travel', [...batch, next[0]])).toBeGreaterThan(maxBytes);
        });
      }),
    );
  });

  test('by default, a request stays 4 KB under CloudBase\'s 100 KB for text; the largest identity record the function takes fits alone', () => {
    expect(MAX_FEED_BODY_BYTES).toBe(96_000);
    // Every field at its longest, and escaped as long as JSON makes it (a control character takes 6 bytes).
    const largest = {
      recordId: 'R'.repeat(64),
      version: Number.MAX_SAFE_INTEGER,
      idNumber: '\u0001'.repeat(64),
      name: '\u0001'.repeat(100),
      photo: { contentType: 'image/jpeg', base64: randomBytes(MAX_PHOTO_BYTES).toString('base64') },
    };
    expect(RECORD_SCHEMAS.identity.safeParse(largest).success).toBe(true);
    const plan = batchesOf([line(2, largest), line(3, largest)], 'identity', 500);
    expect(plan).toEqual({ batches: [[line(2, largest)], [line(3, largest)]], tooLarge: [] });
    expect(bodyBytes('identity', plan.batches[0])).toBeLessThanOrEqual(MAX_FEED_BODY_BYTES);
    // One byte of photo more: the function refuses it, so the record may be sent, to be refused with a reason.
    const larger = { ...largest, photo: { contentType: 'image/jpeg', base64: randomBytes(MAX_PHOTO_BYTES + 1).toString('base64') } };
    expect(RECORD_SCHEMAS.identity.safeParse(larger).error?.issues.map(({ message }) => message)).toEqual(['photo larger than 64 KB (65536 bytes)']);
  });
});

describe('runFeed with photos', () => {
  test('identity records with photos go in as many requests as their bytes need; one too large is refused locally, never sent', async () => {
    const bodies: string[] = [];
    const client: FeedClient = {
      async push(source, records) {
        bodies.push(feedRequestBody(source, records));
        return records.map((record, index): RecordOutcome => ({ index, recordId: (record as { recordId: string }).recordId, outcome: 'accepted' }));
      },
    };
    const photo = (bytes: number) => ({ contentType: 'image/jpeg', base64: randomBytes(bytes).toString('base64') });
    const identity = (number: number, bytes: number) => line(number, { recordId: `I-${number}`, version: 1, idNumber: ID, name: '王秀英', photo: photo(bytes) });
    const records = [identity(2, 30_000), identity(3, 30_000), identity(4, 50_000), identity(5, 80_000), identity(6, 20_000), identity(7, 60_000)];
    const summary = await runFeed({ records, rejected: [] }, client, 'identity', 500);

    expect(bodies.map((body) => (JSON.parse(body) as { records: Array<{ recordId: string }> }).records.map(({ recordId }) => recordId))).toEqual([
      ['I-2', 'I-3'],
      // I-5 is skipped: I-6 still fits beside I-4.
      ['I-4', 'I-6'],
      ['I-7'],
    ]);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_FEED_BODY_BYTES);
    expect(summary).toEqual({
      total: 6,
      accepted: 5,
      duplicate: 0,
      rejected: [{ line: 5, idMasked: '3101**********0011', reason: expect.stringMatching(/^这条记录单独发送也有 \d+ 字节，超过一次请求的上限 96000 字节（CloudBase 对文本请求体限 100 KB），未发送；照片最大 64 KB（65536 字节），请压缩后重试$/) }],
    });
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
