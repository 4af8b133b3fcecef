import type { LegacyRecord } from '../../../typings/contract';
import { chinaDate } from './china-date';
import { parseShanghaiDate } from './colour/time';
import { parseIdNumber } from './id-number';
import type { PassDocument } from './pass';
import { parsePersonName } from './person-name';

/**
 * Carrying passes over from an old system's export (Foshan carried 南海通行证 holders over without a new
 * application). Pure: the checks of one row, and what to do with a row given the person's pass on file.
 */

/** Records in one call: a batch stays well inside the staff function's timeout. */
export const LEGACY_BATCH_MAX = 500;
/** Longest text accepted in any field; the parsers say precisely what is wrong with shorter ones. */
export const LEGACY_TEXT_MAX = 100;

/** A row that passed its own checks, normalised; only the database can still refuse it. */
export interface CheckedLegacyRecord {
  line: number;
  /** Normalised by parsePersonName. */
  name: string;
  /** Normalised by parseIdNumber. */
  idNumber: string;
  legacyNumber: string;
  /** Midnight in China of the original issue date, or null when the export gives none. */
  issuedAt: Date | null;
}

export type LegacyRecordCheck = { ok: true; record: CheckedLegacyRecord } | { ok: false; line: number; reason: string };

/** Control and format characters (line breaks, zero-width spaces) have no place in a pass number. */
const INVISIBLE_CHARACTER = /[\p{Cc}\p{Cf}]/u;

/** Midnight of a YYYY-MM-DD date in China, or undefined when it names no calendar day. */
export function chinaMidnight(isoDate: string): Date | undefined {
  const midnight = parseShanghaiDate(isoDate);
  return Number.isNaN(midnight) ? undefined : new Date(midnight);
}

/**
 * Checks one row on its own, in the order a person fixing the file works: a revoked pass needs no fixing,
 * then the pass number, name, ID number and issue date. Reasons never repeat the ID number.
 */
export function checkLegacyRecord(record: LegacyRecord, now: Date): LegacyRecordCheck {
  const { line } = record;
  const refuse = (reason: string): LegacyRecordCheck => ({ ok: false, line, reason });
  if (record.status === 'revoked') return refuse('原通行证已作废或注销，不转入；本人如仍需通行证，可自行申领');

  const legacyNumber = record.legacyNumber.trim();
  if (legacyNumber === '') return refuse('缺少原通行证编号');
  if (INVISIBLE_CHARACTER.test(legacyNumber)) return refuse('原通行证编号含有换行或不可见字符，请核对');

  const name = parsePersonName(record.name);
  if (!name.ok) return refuse(`姓名不正确：${name.message}`);

  const today = chinaDate(now);
  const idNumber = parseIdNumber(record.idNumber, today);
  if (!idNumber.ok) return refuse(`身份证号码不正确：${idNumber.message}`);

  let issuedAt: Date | null = null;
  const issuedOn = record.issuedOn?.trim() ?? '';
  if (issuedOn !== '') {
    const midnight = chinaMidnight(issuedOn);
    if (!midnight) return refuse('发证日期不正确：应为“年-月-日”格式的日期，例如 2020-03-05');
    if (issuedOn > today) return refuse('发证日期晚于今天，请核对');
    issuedAt = midnight;
  }
  return { ok: true, record: { line, name: name.value, idNumber: idNumber.value, legacyNumber, issuedAt } };
}

/**
 * Checks a batch: every row on its own, then one person appearing twice. The first valid row of a person is
 * kept and the later ones refused, so that the rows of one batch, which are imported concurrently, never race
 * each other for the same person.
 */
export function checkLegacyBatch(records: readonly LegacyRecord[], now: Date): LegacyRecordCheck[] {
  const firstLineOfPerson = new Map<string, number>();
  return records.map((record) => {
    const check = checkLegacyRecord(record, now);
    if (!check.ok) return check;
    const firstLine = firstLineOfPerson.get(check.record.idNumber);
    if (firstLine !== undefined) {
      return { ok: false, line: record.line, reason: `与第 ${firstLine} 行的身份证号码相同：同一人只转入一张通行证，请核对后删除重复的行` };
    }
    firstLineOfPerson.set(check.record.idNumber, record.line);
    return check;
  });
}

export type LegacyImportDecision = { kind: 'create' } | { kind: 'unchanged' } | { kind: 'reject'; reason: string };

/**
 * What to do with a checked row, given the pass this person already has (read in the same transaction as the
 * write). The same old pass imported before is `unchanged` whatever happened to it since (carried over onto
 * the resident's WeChat, cancelled by staff): importing a file again never changes anything.
 */
export function decideLegacyImport(personPass: PassDocument | undefined, legacyNumber: string): LegacyImportDecision {
  if (!personPass) return { kind: 'create' };
  if (personPass.origin === 'migrated') {
    if (personPass.legacy?.number === legacyNumber) return { kind: 'unchanged' };
    return {
      kind: 'reject',
      reason: `此人已转入另一张旧通行证（原编号 ${personPass.legacy?.number ?? '未知'}）：同一人只能有一张，请核对哪一张有效`,
    };
  }
  if (personPass.status === 'cancelled') return { kind: 'reject', reason: '此人的通行证已被社区注销，不转入；如需恢复请本人到社区办理' };
  if (personPass.openid !== null) return { kind: 'reject', reason: '此人已有绑定微信号的通行证，无需转入' };
  return { kind: 'reject', reason: '此人已有社区办理的纸质通行证，无需转入' };
}
