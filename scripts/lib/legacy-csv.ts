import type { LegacyRecord } from '../../typings/contract';
import { LEGACY_TEXT_MAX } from '../../cloudfunctions/shared/domain/legacy';
import { InputFileError, type LocalRejection } from './cli';
import { readCsvRows } from './csv';

/**
 * Reads an old pass system's export: a CSV file with a header row, in Chinese (姓名,身份证号码,原通行证编号,
 * 状态[,发证日期]) or English (name,id_number,legacy_number,status[,issued_on]), saved as UTF-8 or, as Excel
 * does in China, GB18030. Only what cannot be said in the contract is decided here (the file's shape, the
 * status words); every other check of a row is the staff function's, so that there is one judge.
 */

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

export function readLegacyCsv(bytes: Uint8Array): LegacyFile {
  const [header, ...rows] = readCsvRows(bytes);
  if (!header) throw new InputFileError(`文件是空的：第一行应为表头 ${EXPECTED_HEADERS}`);
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

function columnsOf(header: readonly string[]): Map<Field, number> {
  const columnOf = new Map<Field, number>();
  header.forEach((title, column) => {
    const field = FIELD_OF_HEADER.get(title.toLowerCase().replace(/[\s-]+/g, '_'));
    if (field === undefined) return; // exports often carry more columns than we need
    if (columnOf.has(field)) throw new InputFileError(`表头中“${COLUMNS[field].zh}”（${COLUMNS[field].en}）出现了两次`);
    columnOf.set(field, column);
  });
  const missing = REQUIRED_FIELDS.filter((field) => !columnOf.has(field));
  if (missing.length > 0) {
    const names = missing.map((field) => `${COLUMNS[field].zh}（${COLUMNS[field].en}）`).join('、');
    throw new InputFileError(`表头缺少列：${names}。第一行应为 ${EXPECTED_HEADERS}`);
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
