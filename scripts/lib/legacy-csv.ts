import { CsvError, parse } from 'csv-parse/sync';
import type { LegacyRecord } from '../../typings/contract';
import { LEGACY_TEXT_MAX } from '../../cloudfunctions/shared/domain/legacy';

/**
 * Reads an old pass system's export: a CSV file with a header row, in Chinese (姓名,身份证号码,原通行证编号,
 * 状态[,发证日期]) or English (name,id_number,legacy_number,status[,issued_on]), saved as UTF-8 or, as Excel
 * does in China, GB18030. Only what cannot be said in the contract is decided here (the file's shape, the
 * status words); every other check of a row is the staff function's, so that there is one judge.
 */

/** The file cannot be used at all; the message says why, in words the operator can act on. */
export class LegacyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacyFileError';
  }
}

/** A row refused before sending. `idNumber` is what the file says, kept only to be shown masked. */
export interface LocalRejection {
  line: number;
  idNumber: string;
  reason: string;
}

export interface LegacyFile {
  records: LegacyRecord[];
  rejected: LocalRejection[];
}

type Field = Exclude<keyof LegacyRecord, 'line'>;

const COLUMNS: Readonly<Record<Field, { zh: string; en: string; aliases: readonly string[] }>> = {
  name: { zh: '姓名', en: 'name', aliases: [] },
  idNumber: { zh: '身份证号码', en: 'id_number', aliases: ['身份证号'] },
  legacyNumber: { zh: '原通行证编号', en: 'legacy_number', aliases: [] },
  status: { zh: '状态', en: 'status', aliases: [] },
  issuedOn: { zh: '发证日期', en: 'issued_on', aliases: [] },
};
const REQUIRED_FIELDS: readonly Field[] = ['name', 'idNumber', 'legacyNumber', 'status'];
const FIELD_OF_HEADER = new Map<string, Field>(
  (Object.entries(COLUMNS) as Array<[Field, (typeof COLUMNS)[Field]]>).flatMap(([field, { zh, en, aliases }]) =>
    [zh, en, ...aliases].map((header) => [header, field] as const),
  ),
);
const EXPECTED_HEADERS = '姓名,身份证号码,原通行证编号,状态[,发证日期] 或 name,id_number,legacy_number,status[,issued_on]';

const STATUS_OF_WORD = new Map<string, LegacyRecord['status']>([
  ['有效', 'active'],
  ['active', 'active'],
  ['作废', 'revoked'],
  ['注销', 'revoked'],
  ['revoked', 'revoked'],
]);

/** What Excel makes of an 18-digit number in a cell not formatted as text: 4.40605E+17. */
const SCIENTIFIC_NOTATION = /^[0-9](?:\.[0-9]+)?E\+[0-9]+$/i;
const LOOSE_DATE = /^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$/;
const COMPACT_DATE = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK, what Excel saves in China). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function readLegacyCsv(bytes: Uint8Array): LegacyFile {
  const [header, ...rows] = parseRows(decodeText(bytes));
  if (!header) throw new LegacyFileError(`文件是空的：第一行应为表头 ${EXPECTED_HEADERS}`);
  const columnOf = columnsOf(header.cells);

  const file: LegacyFile = { records: [], rejected: [] };
  for (const { line, cells } of rows) {
    const cell = (field: Field) => {
      const column = columnOf.get(field);
      return column === undefined ? '' : (cells[column] ?? '');
    };
    const idNumber = cell('idNumber');
    const reject = (reason: string) => file.rejected.push({ line, idNumber, reason });

    const tooLong = [...columnOf.keys()].find((field) => cell(field).length > LEGACY_TEXT_MAX);
    if (tooLong) {
      reject(`“${COLUMNS[tooLong].zh}”超过 ${LEGACY_TEXT_MAX} 个字符，请核对这一行是否错列`);
      continue;
    }
    if (SCIENTIFIC_NOTATION.test(idNumber)) {
      reject('身份证号码被 Excel 显示成了科学计数法：请把该列设为“文本”格式后重新导出');
      continue;
    }
    const status = STATUS_OF_WORD.get(cell('status').toLowerCase());
    if (!status) {
      reject(`${describeStatus(cell('status'))}：应为“有效”，或“作废”“注销”（英文 active / revoked）`);
      continue;
    }
    const issuedOn = normaliseDate(cell('issuedOn'));
    file.records.push({
      line,
      name: cell('name'),
      idNumber,
      legacyNumber: cell('legacyNumber'),
      status,
      ...(issuedOn === '' ? {} : { issuedOn }),
    });
  }
  return file;
}

interface Row {
  /** The line the row starts on, counting the header as line 1. */
  line: number;
  cells: string[];
}

function parseRows(text: string): Row[] {
  try {
    const parsed = parse(text, {
      bom: true,
      trim: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Spreadsheets export rows of bare commas below the data.
      skip_records_with_empty_values: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return parsed.map(({ record, info }) => {
      // info.lines is where the row ends; a quoted cell may span lines.
      const innerLineBreaks = record.reduce((count, cell) => count + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      return { line: info.lines - innerLineBreaks, cells: record };
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new LegacyFileError(`不是有效的 CSV 文件${line ? `（第 ${line} 行附近）` : ''}：${error.message}`);
    }
    throw error;
  }
}

function columnsOf(header: readonly string[]): Map<Field, number> {
  const columnOf = new Map<Field, number>();
  header.forEach((title, column) => {
    const field = FIELD_OF_HEADER.get(title.toLowerCase().replace(/[\s-]+/g, '_'));
    if (field === undefined) return; // exports often carry more columns than we need
    if (columnOf.has(field)) throw new LegacyFileError(`表头中“${COLUMNS[field].zh}”（${COLUMNS[field].en}）出现了两次`);
    columnOf.set(field, column);
  });
  const missing = REQUIRED_FIELDS.filter((field) => !columnOf.has(field));
  if (missing.length > 0) {
    const names = missing.map((field) => `${COLUMNS[field].zh}（${COLUMNS[field].en}）`).join('、');
    throw new LegacyFileError(`表头缺少列：${names}。第一行应为 ${EXPECTED_HEADERS}`);
  }
  return columnOf;
}

/** Quotes the status word only when it cannot be part of an ID number, which is never printed in clear. */
function describeStatus(value: string): string {
  if (value === '') return '缺少状态';
  return value.length <= 6 && !/[0-9]/.test(value) ? `状态“${value}”无法识别` : '状态无法识别';
}

/** 2020/3/5, 2020.3.5, 2020年3月5日 and 20200305 to 2020-03-05; anything else as written, for the function to judge. */
function normaliseDate(value: string): string {
  const match = LOOSE_DATE.exec(value) ?? COMPACT_DATE.exec(value);
  return match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : value;
}
