import type { FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import { sniffImage } from '../../cloudfunctions/shared/domain/appeal';
import { MAX_PHOTO_BYTES } from '../../cloudfunctions/shared/domain/feed-records';
import { MAX_FUNCTION_BODY_BYTES } from '../../cloudfunctions/shared/domain/payload-limits';
import { InputFileError, type LocalRejection } from './cli';
import { decodeText, readCsvRows } from './csv';

/**
 * Reads the records a partner pushes with `npm run feed`: CSV with a header row, or JSON lines (one record
 * object a line, fields as the feed function takes them). Only what the file's format decides is decided
 * here (columns, numbers, the photo file); every record is judged by the feed function, so that there is
 * one judge.
 */

export type FeedFormat = 'csv' | 'jsonl';

/** A record to send and the line it comes from; `idNumber` as written, only ever shown masked. */
export interface FeedLine {
  line: number;
  idNumber: string;
  record: unknown;
}

export interface FeedFile {
  records: FeedLine[];
  rejected: LocalRejection[];
}

export function formatOfFile(file: string): FeedFormat | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'jsonl' ? extension : undefined;
}

const COMMON_COLUMNS = ['record_id', 'version', 'id_number'] as const;
/** Each column holds the record field of the same name in camelCase (id_number -> idNumber). */
const CSV_COLUMNS: Readonly<Record<FeedSource, readonly string[]>> = {
  health: [...COMMON_COLUMNS, 'status', 'effective_at'],
  identity: [...COMMON_COLUMNS, 'name'],
  travel: [...COMMON_COLUMNS, 'arrived_at', 'from_region'],
};
/** Identity rows may name a photo file (relative to the CSV file), sent base64-encoded. */
const PHOTO_COLUMN = 'photo_file';

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

interface Photo {
  contentType: 'image/jpeg' | 'image/png';
  base64: string;
}

/** The photo's type is read from its first bytes, not its name: a renamed file is caught here. */
export function photoOf(bytes: Buffer): Photo | { problem: string } {
  const kind = sniffImage(bytes);
  if (!kind) return { problem: '照片应为 JPEG 或 PNG 图片' };
  // Checked here as well as by the function (the same constant), so that no request grows past what the platform accepts.
  if (bytes.length > MAX_PHOTO_BYTES) return { problem: `照片大于 ${MAX_PHOTO_BYTES / 1024} KB（${MAX_PHOTO_BYTES} 字节）：请求体不能超过 ${MAX_FUNCTION_BODY_BYTES.text / 1000} KB，请压缩后重试` };
  return { contentType: `image/${kind}`, base64: bytes.toString('base64') };
}

/**
 * A CSV file of one source's records. `readPhoto` reads a photo_file cell's file and throws an
 * InputFileError saying why it cannot.
 */
export function readFeedCsv(bytes: Uint8Array, source: FeedSource, readPhoto: (file: string) => Buffer): FeedFile {
  const [header, ...rows] = readCsvRows(bytes);
  const expected = [...CSV_COLUMNS[source], ...(source === 'identity' ? [`[${PHOTO_COLUMN}]`] : [])].join(',');
  if (!header) throw new InputFileError(`文件是空的：第一行应为表头 ${expected}`);
  const titles = header.cells.map((title) => title.toLowerCase());
  const columns = [...CSV_COLUMNS[source], ...(source === 'identity' && titles.includes(PHOTO_COLUMN) ? [PHOTO_COLUMN] : [])];
  const missing = columns.filter((column) => !titles.includes(column));
  if (missing.length > 0) throw new InputFileError(`表头缺少列：${missing.join('、')}。${source} 记录的第一行应为 ${expected}`);
  const twice = columns.find((column) => titles.indexOf(column) !== titles.lastIndexOf(column));
  if (twice) throw new InputFileError(`表头中 ${twice} 出现了两次`);

  const file: FeedFile = { records: [], rejected: [] };
  for (const { line, cells } of rows) {
    const cell = (column: string) => cells[titles.indexOf(column)] ?? '';
    const idNumber = cell('id_number');
    const record: Record<string, unknown> = Object.fromEntries(CSV_COLUMNS[source].map((column) => [camelCase(column), cell(column)]));
    // A CSV cell is text; the version is a number. Anything else goes as written, for the function to judge.
    if (/^[0-9]{1,15}$/.test(cell('version'))) record.version = Number(cell('version'));
    if (columns.includes(PHOTO_COLUMN) && cell(PHOTO_COLUMN) !== '') {
      let photo: ReturnType<typeof photoOf>;
      try {
        photo = photoOf(readPhoto(cell(PHOTO_COLUMN)));
      } catch (error) {
        if (!(error instanceof InputFileError)) throw error;
        photo = { problem: `照片${error.message}` };
      }
      if ('problem' in photo) {
        file.rejected.push({ line, idNumber, reason: photo.problem });
        continue;
      }
      record.photo = photo;
    }
    file.records.push({ line, idNumber, record });
  }
  return file;
}

/** JSON lines: one record object a line; blank lines are skipped, a line that is no JSON is refused with its number. */
export function readFeedJsonLines(bytes: Uint8Array): FeedFile {
  const file: FeedFile = { records: [], rejected: [] };
  decodeText(bytes)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const line = index + 1;
      if (text.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        // Not JSON.parse's message: it quotes the line, which holds an ID number.
        file.rejected.push({ line, idNumber: '', reason: '这一行不是有效的 JSON：每行应为一个记录对象，如 {"recordId":"r-1","version":1,…}' });
        return;
      }
      const idNumber = (record as { idNumber?: unknown } | null)?.idNumber;
      file.records.push({ line, idNumber: typeof idNumber === 'string' ? idNumber : '', record });
    });
  return file;
}
