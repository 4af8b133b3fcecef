import { CsvError, parse } from 'csv-parse/sync';
import { InputFileError, withIdNumbersMasked } from './cli';

/** A CSV row with the line it starts on, counting the header as line 1, so that reports can point at it. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK, what Excel saves in China). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The rows of a CSV file (header included), cells trimmed, blank rows skipped. */
export function readCsvRows(bytes: Uint8Array): CsvRow[] {
  try {
    const parsed = parse(decodeText(bytes), {
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
      // csv-parse quotes the cell it stopped at, which may be an ID number.
      throw new InputFileError(`不是有效的 CSV 文件${line ? `（第 ${line} 行附近）` : ''}：${withIdNumbersMasked(error.message)}`);
    }
    throw error;
  }
}
