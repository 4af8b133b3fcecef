import { InputFileError } from './cli';
import { formatOfFile, photoOf, readFeedCsv, readFeedJsonLines } from './feed-file';
import { MAX_PHOTO_BYTES } from '../../cloudfunctions/shared/domain/feed-records';

/** A synthetic ID number (born 1900-01-01, check digit valid): the reader passes it on untouched. */
const ID = '310101190001010011';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const text = (value: string) => Buffer.from(value, 'utf8');
const noPhotos = (file: string): Buffer => {
  throw new Error(`no photo expected, asked for ${file}`);
};

test('the format is told by the extension', () => {
  expect(formatOfFile('arrivals.csv')).toBe('csv');
  expect(formatOfFile('/data/Arrivals.JSONL')).toBe('jsonl');
  expect(formatOfFile('arrivals.xlsx')).toBeUndefined();
  expect(formatOfFile('csv')).toBeUndefined();
});

describe('readFeedCsv', () => {
  test('each source: the columns become the record fields, the version a number, lines counted from the header', () => {
    expect(readFeedCsv(text(`record_id,version,id_number,status,effective_at\nH-1,2,${ID},confirmed,2026-11-20T09:30:00+08:00\n`), 'health', noPhotos)).toEqual({
      records: [{ line: 2, idNumber: ID, record: { recordId: 'H-1', version: 2, idNumber: ID, status: 'confirmed', effectiveAt: '2026-11-20T09:30:00+08:00' } }],
      rejected: [],
    });
    expect(readFeedCsv(text(`record_id,version,id_number,arrived_at,from_region\r\n\r\nT-1,1,${ID},2026-11-20T18:30:00+08:00,330302`), 'travel', noPhotos).records).toEqual([
      { line: 3, idNumber: ID, record: { recordId: 'T-1', version: 1, idNumber: ID, arrivedAt: '2026-11-20T18:30:00+08:00', fromRegion: '330302' } },
    ]);
    expect(readFeedCsv(text(`record_id,version,id_number,name\nI-1,1,${ID},王秀英`), 'identity', noPhotos).records[0].record).toEqual({ recordId: 'I-1', version: 1, idNumber: ID, name: '王秀英' });
  });

  test('columns in any order and case, extra ones ignored; cells as written for the function to judge', () => {
    const file = readFeedCsv(text(`From_Region,note,ARRIVED_AT,id_number,version,record_id\n3303,x,yesterday,${ID},v2,T-1\n,,,,,`), 'travel', noPhotos);
    expect(file.records).toEqual([{ line: 2, idNumber: ID, record: { recordId: 'T-1', version: 'v2', idNumber: ID, arrivedAt: 'yesterday', fromRegion: '3303' } }]);
  });

  test('identity: a photo file is read through the given reader, its type told by its bytes; an empty cell sends no photo', () => {
    const asked: string[] = [];
    const photos: Record<string, Buffer> = { 'a.png': PNG, 'b.jpg': JPEG };
    const file = readFeedCsv(text(`record_id,version,id_number,name,photo_file\nI-1,1,${ID},王秀英,a.png\nI-2,1,${ID},李建国,b.jpg\nI-3,1,${ID},刘芳,`), 'identity', (name) => {
      asked.push(name);
      return photos[name];
    });
    expect(asked).toEqual(['a.png', 'b.jpg']);
    expect(file.records.map(({ record }) => (record as { photo?: unknown }).photo)).toEqual([
      { contentType: 'image/png', base64: PNG.toString('base64') },
      { contentType: 'image/jpeg', base64: JPEG.toString('base64') },
      undefined,
    ]);
  });

  test('identity: a photo that cannot be read, is no image or is too large refuses only its row', () => {
    const photos: Record<string, Buffer> = { 'note.png': text('not a picture'), 'big.jpg': Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES)]) };
    const file = readFeedCsv(text(`record_id,version,id_number,name,photo_file\nI-1,1,${ID},王秀英,gone.png\nI-2,1,${ID},李建国,note.png\nI-3,1,${ID},刘芳,big.jpg\nI-4,1,${ID},陈静,`), 'identity', (name) => {
      if (!photos[name]) throw new InputFileError(`无法读取 ${name}：文件不存在`);
      return photos[name];
    });
    expect(file.records.map(({ line }) => line)).toEqual([5]);
    expect(file.rejected).toEqual([
      { line: 2, idNumber: ID, reason: '照片无法读取 gone.png：文件不存在' },
      { line: 3, idNumber: ID, reason: '照片应为 JPEG 或 PNG 图片' },
      { line: 4, idNumber: ID, reason: '照片大于 64 KB（65536 字节）：请求体不能超过 100 KB，请压缩后重试' },
    ]);
  });

  test.each([
    ['an empty file', '', 'travel', '文件是空的：第一行应为表头 record_id,version,id_number,arrived_at,from_region'],
    ['the columns of another source', 'record_id,version,id_number,status,effective_at', 'travel', '表头缺少列：arrived_at、from_region'],
    ['no header row', `T-1,1,${ID},2026-11-20T18:30:00+08:00,330302`, 'travel', '表头缺少列：record_id、version、id_number、arrived_at、from_region'],
    ['a column given twice', 'record_id,version,id_number,name,id_number', 'identity', '表头中 id_number 出现了两次'],
    ['an unclosed quote', `record_id,version,id_number,name\n"I-1,1,${ID},王秀英`, 'identity', '不是有效的 CSV 文件（第 2 行附近）'],
  ] as const)('%s cannot be used: the message says why', (_label, csv, source, message) => {
    expect(() => readFeedCsv(text(csv), source, noPhotos)).toThrow(InputFileError);
    expect(() => readFeedCsv(text(csv), source, noPhotos)).toThrow(message);
  });

  test('a CSV error quoting an ID number shows it masked', () => {
    expect(() => readFeedCsv(text(`record_id,version,id_number,name\nI-1,1,${ID}"x",王秀英`), 'identity', noPhotos)).toThrow(/3101\*{10}0011/);
  });
});

describe('readFeedJsonLines', () => {
  test('one record a line, passed on as written; blank lines skipped; a byte-order mark and CRLF read fine', () => {
    const first = { recordId: 'H-1', version: 1, idNumber: ID, status: 'confirmed', effectiveAt: '2026-11-20T09:30:00+08:00' };
    const file = readFeedJsonLines(text(`\uFEFF${JSON.stringify(first)}\r\n\r\n  \n{"recordId":"H-2","version":"2"}\n[1,2]\n`));
    expect(file).toEqual({
      records: [
        { line: 1, idNumber: ID, record: first },
        { line: 4, idNumber: '', record: { recordId: 'H-2', version: '2' } },
        { line: 5, idNumber: '', record: [1, 2] },
      ],
      rejected: [],
    });
  });

  test('a line that is no JSON is refused with its number, never quoting it', () => {
    const file = readFeedJsonLines(text(`{"recordId":"H-1","idNumber":"${ID}",\n`));
    expect(file.records).toEqual([]);
    expect(file.rejected).toEqual([{ line: 1, idNumber: '', reason: expect.stringMatching(/^这一行不是有效的 JSON/) }]);
    expect(file.rejected[0].reason).not.toContain(ID);
  });
});

test('photoOf: PNG and JPEG by their signatures', () => {
  expect(photoOf(PNG)).toEqual({ contentType: 'image/png', base64: PNG.toString('base64') });
  expect(photoOf(JPEG)).toMatchObject({ contentType: 'image/jpeg' });
  expect(photoOf(Buffer.from('GIF89a'))).toEqual({ problem: '照片应为 JPEG 或 PNG 图片' });
});
