import type { LegacyRecord } from '../../../typings/contract';
import { syntheticIdNumber as idNumber } from '../../../test/support/people';
import { checkLegacyBatch, checkLegacyRecord, chinaMidnight, decideLegacyImport } from './legacy';
import { passDocument } from '../../../test/support/pass-document';

/** 10:00 in China on 2026-11-27. */
const now = new Date('2026-11-27T02:00:00Z');

function record(overrides: Partial<LegacyRecord> = {}): LegacyRecord {
  return { line: 2, name: '陈志明', idNumber: idNumber(1), legacyNumber: 'NH-000001', status: 'active', ...overrides };
}

describe('chinaMidnight', () => {
  test('is midnight in China of that day', () => {
    expect(chinaMidnight('2020-03-05')?.toISOString()).toBe('2020-03-04T16:00:00.000Z');
  });

  test.each(['2021-02-29', '2020-13-01', '2020-3-5', '20200305', '', 'yesterday'])('%j is no calendar day', (text) => {
    expect(chinaMidnight(text)).toBeUndefined();
  });

  test('a leap day is a calendar day', () => {
    expect(chinaMidnight('2020-02-29')).toBeInstanceOf(Date);
  });
});

describe('checkLegacyRecord', () => {
  test('a valid row comes back normalised, with its original issue date at midnight in China', () => {
    const check = checkLegacyRecord(record({ name: ' 陈 志明 ', idNumber: ` ${idNumber(1).toLowerCase()} `, legacyNumber: ' NH-000001 ', issuedOn: '2020-02-10' }), now);
    expect(check).toEqual({
      ok: true,
      record: { line: 2, name: '陈志明', idNumber: idNumber(1), legacyNumber: 'NH-000001', issuedAt: new Date('2020-02-09T16:00:00Z') },
    });
  });

  test('without an issue date (or an empty one) the pass is dated when imported', () => {
    expect(checkLegacyRecord(record(), now)).toMatchObject({ ok: true, record: { issuedAt: null } });
    expect(checkLegacyRecord(record({ issuedOn: ' ' }), now)).toMatchObject({ ok: true, record: { issuedAt: null } });
  });

  test('an issue date today is accepted, tomorrow is not', () => {
    expect(checkLegacyRecord(record({ issuedOn: '2026-11-27' }), now)).toMatchObject({ ok: true });
    expect(checkLegacyRecord(record({ issuedOn: '2026-11-28' }), now)).toEqual({ ok: false, line: 2, reason: '发证日期晚于今天，请核对' });
  });

  const wrongCheckDigit = `${idNumber(1).slice(0, 17)}${idNumber(1).endsWith('0') ? '1' : '0'}`;
  test.each([
    ['a revoked old pass', record({ status: 'revoked', idNumber: 'not even checked' }), '不转入'],
    ['no old pass number', record({ legacyNumber: '  ' }), '缺少原通行证编号'],
    ['a line break in the pass number', record({ legacyNumber: 'NH\n01' }), '不可见字符'],
    ['a name with digits', record({ name: '陈志明2' }), '姓名不正确：姓名不能包含数字'],
    ['a wrong check digit', record({ idNumber: wrongCheckDigit }), '身份证号码不正确：校验码不正确'],
    ['a 15-digit number', record({ idNumber: idNumber(1).slice(0, 15) }), '身份证号码不正确：身份证号码应为18位'],
    ['an issue date written otherwise', record({ issuedOn: '2020/03/05' }), '发证日期不正确'],
    ['an issue date that is no day', record({ issuedOn: '2021-02-29' }), '发证日期不正确'],
  ])('%s is refused with a reason a person can act on', (_label, row, reason) => {
    const check = checkLegacyRecord(row, now);
    expect(check).toEqual({ ok: false, line: 2, reason: expect.stringContaining(reason) });
    expect(!check.ok && check.reason).not.toContain(row.idNumber.trim());
  });
});

describe('checkLegacyBatch', () => {
  test("a person's second valid row is refused and names the first; invalid rows do not count as the first", () => {
    const rows = [
      record({ line: 2, status: 'revoked' }),
      record({ line: 3, name: '陈志明1' }),
      record({ line: 4 }),
      record({ line: 5, idNumber: idNumber(2), legacyNumber: 'NH-000002' }),
      record({ line: 6, legacyNumber: 'NH-000009' }),
      record({ line: 7 }),
    ];
    const checks = checkLegacyBatch(rows, now);
    expect(checks.map((check) => (check.ok ? 'ok' : check.reason.slice(0, 4)))).toEqual(['原通行证', '姓名不正', 'ok', 'ok', '与第 4', '与第 4']);
    expect(checks[4]).toMatchObject({ ok: false, line: 6, reason: expect.stringContaining('同一人只转入一张') });
  });

  test('the same person written with a lower-case x is the same person', () => {
    // One sequence in eleven has the check character X.
    const number = Array.from({ length: 30 }, (_, sequence) => idNumber(sequence)).find((candidate) => candidate.endsWith('X')) as string;
    const checks = checkLegacyBatch([record({ line: 2, idNumber: number }), record({ line: 3, idNumber: number.toLowerCase() })], now);
    expect(checks.map((check) => check.ok)).toEqual([true, false]);
  });
});

describe('decideLegacyImport', () => {
  test('nobody on file: create', () => {
    expect(decideLegacyImport(undefined, 'NH-000001')).toEqual({ kind: 'create' });
  });

  test('the same old pass imported before is unchanged, whether still unbound, carried over or cancelled since', () => {
    const legacy = { number: 'NH-000001', status: 'active', importedAt: now };
    for (const pass of [
      passDocument({ origin: 'migrated', openid: null, status: 'active', legacy }),
      passDocument({ origin: 'migrated', openid: 'o-resident', status: 'active', legacy }),
      passDocument({ origin: 'migrated', openid: null, status: 'cancelled', legacy }),
    ]) {
      expect(decideLegacyImport(pass, 'NH-000001')).toEqual({ kind: 'unchanged' });
    }
  });

  test.each([
    ['another old pass', passDocument({ origin: 'migrated', openid: null, status: 'active', legacy: { number: 'NH-000777', status: 'active', importedAt: now } }), '原编号 NH-000777'],
    ['a pass applied for on WeChat', passDocument({ origin: 'self', openid: 'o-resident', status: 'active' }), '已有绑定微信号的通行证'],
    ['a printed pass moved onto WeChat', passDocument({ origin: 'staff', openid: 'o-resident', status: 'active' }), '已有绑定微信号的通行证'],
    ['a printed pass', passDocument({ origin: 'staff', openid: null, status: 'active' }), '纸质通行证'],
    ['a cancelled pass', passDocument({ origin: 'self', openid: null, status: 'cancelled' }), '已被社区注销'],
  ])('a person who already has %s is refused, saying so', (_label, pass, reason) => {
    expect(decideLegacyImport(pass, 'NH-000001')).toEqual({ kind: 'reject', reason: expect.stringContaining(reason) });
  });
});
