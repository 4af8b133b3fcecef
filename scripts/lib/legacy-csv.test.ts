import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cloudbaserc';
import { InputFileError } from './cli';
import { decodeText } from './csv';
import { readLegacyCsv } from './legacy-csv';

/** A synthetic ID number (南海区, check digit valid): the reader passes it on untouched. */
const ID = '440605190003121016';
const csv = (text: string) => readLegacyCsv(Buffer.from(text, 'utf8'));

describe('readLegacyCsv', () => {
  test('Chinese headers: rows with the line each starts on, statuses mapped, dates written the usual ways normalised', () => {
    const file = csv(
      [
        '\uFEFF姓名,身份证号码,原通行证编号,状态,发证日期',
        `陈志明,${ID},NH-1,有效,2020/2/1`,
        '',
        `"梁淑仪",${ID},"NH-2",作废,2020年3月15日`,
        `"何家豪","${ID}","NH\n3",注销,20200401`,
        `麦嘉欣,${ID},NH-4,有效,`,
        ',,,,',
        `冯国强,${ID},NH-5,有效,2020-2-30`,
      ].join('\n'),
    );
    expect(file.rejected).toEqual([]);
    expect(file.records).toEqual([
      { line: 2, name: '陈志明', idNumber: ID, legacyNumber: 'NH-1', status: 'active', issuedOn: '2020-02-01' },
      { line: 4, name: '梁淑仪', idNumber: ID, legacyNumber: 'NH-2', status: 'revoked', issuedOn: '2020-03-15' },
      { line: 5, name: '何家豪', idNumber: ID, legacyNumber: 'NH\n3', status: 'revoked', issuedOn: '2020-04-01' },
      { line: 7, name: '麦嘉欣', idNumber: ID, legacyNumber: 'NH-4', status: 'active' },
      // Not a day, but written as one: the staff function says what is wrong with it.
      { line: 9, name: '冯国强', idNumber: ID, legacyNumber: 'NH-5', status: 'active', issuedOn: '2020-02-30' },
    ]);
  });

  test('English headers in any order and case, extra columns ignored, no issue date column', () => {
    const file = csv(['remark,Status,ID Number,legacy_number,NAME', `x,ACTIVE,${ID},NH-1,Maria Santos`, `y,Revoked,${ID},NH-2,John Smith`].join('\r\n'));
    expect(file.records).toEqual([
      { line: 2, name: 'Maria Santos', idNumber: ID, legacyNumber: 'NH-1', status: 'active' },
      { line: 3, name: 'John Smith', idNumber: ID, legacyNumber: 'NH-2', status: 'revoked' },
    ]);
  });

  test('身份证号 is accepted for 身份证号码', () => {
    expect(csv(`姓名,身份证号,原通行证编号,状态\n陈志明,${ID},NH-1,有效`).records).toHaveLength(1);
  });

  test('rows the command cannot send are refused locally with their line, never quoting an ID number', () => {
    const file = csv(
      [
        '姓名,身份证号码,原通行证编号,状态',
        `陈志明,${ID},NH-1,挂失`,
        `梁淑仪,${ID},NH-2,`,
        `何家豪,${ID},NH-3,${ID}`,
        `麦嘉欣,4.40605E+17,NH-4,有效`,
        `冯国强,${ID},${'N'.repeat(101)},有效`,
        `黄丽,${ID},NH-6,有效`,
      ].join('\n'),
    );
    expect(file.records.map((record) => record.line)).toEqual([7]);
    expect(file.rejected).toEqual([
      { line: 2, idNumber: ID, reason: expect.stringMatching(/^状态“挂失”无法识别：应为“有效”/) },
      { line: 3, idNumber: ID, reason: expect.stringMatching(/^缺少状态：/) },
      { line: 4, idNumber: ID, reason: expect.stringMatching(/^状态无法识别：/) },
      { line: 5, idNumber: '4.40605E+17', reason: expect.stringContaining('科学计数法') },
      { line: 6, idNumber: ID, reason: expect.stringContaining('“原通行证编号”超过 100 个字符') },
    ]);
    for (const row of file.rejected) expect(row.reason).not.toContain(ID);
  });

  test('a GB18030 file (as Excel saves it in China) reads like UTF-8', () => {
    const gbk = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');
    const comma = Buffer.from(',');
    const bytes = Buffer.concat([
      ...[gbk('D0D5 C3FB'), gbk('C9ED B7DD D6A4 BAC5 C2EB'), gbk('D4AD CDA8 D0D0 D6A4 B1E0 BAC5')].flatMap((title) => [title, comma]),
      gbk('D7B4 CCAC'),
      Buffer.from('\n'),
      gbk('D5C5 C8FD'),
      Buffer.from(`,${ID},NH-1,`),
      gbk('D3D0 D0A7'),
    ]);
    expect(decodeText(gbk('D5C5 C8FD'))).toBe('张三');
    expect(readLegacyCsv(bytes).records).toEqual([{ line: 2, name: '张三', idNumber: ID, legacyNumber: 'NH-1', status: 'active' }]);
  });

  test.each([
    ['an empty file', '', '文件是空的'],
    ['a header without the ID number', '姓名,原通行证编号,状态\n陈志明,NH-1,有效', '表头缺少列：身份证号码（id_number）'],
    ['no header row at all', `陈志明,${ID},NH-1,有效`, '表头缺少列：姓名（name）、身份证号码（id_number）、原通行证编号（legacy_number）、状态（status）'],
    ['a column given twice', '姓名,name,身份证号码,原通行证编号,状态', '“姓名”（name）出现了两次'],
    ['an unclosed quote', `姓名,身份证号码,原通行证编号,状态\n"陈志明,${ID},NH-1,有效`, '不是有效的 CSV 文件（第 2 行附近）'],
  ])('%s cannot be used: the message says why', (_label, text, message) => {
    expect(() => csv(text)).toThrow(InputFileError);
    expect(() => csv(text)).toThrow(message);
  });

  test('the sample file reads: one row refused locally (unknown status), the rest sent for the function to judge', () => {
    const file = readLegacyCsv(fs.readFileSync(path.join(ROOT, 'samples/legacy-passes.csv')));
    expect(file.records.map((record) => record.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17]);
    expect(file.rejected).toEqual([{ line: 14, idNumber: expect.any(String), reason: expect.stringContaining('状态“挂失”无法识别') }]);
  });
});
