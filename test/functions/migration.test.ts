import { database } from '../../cloudfunctions/shared/cloudbase';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { LEGACY_BATCH_MAX } from '../../cloudfunctions/shared/domain/legacy';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { LegacyImportRow, LegacyRecord } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { documentsOf, expectOnePassPerPersonAndAccount } from '../support/pass-invariants';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const STAFF = openidFor('migration-staff');
const ADMIN = openidFor('migration-admin');
const RESIDENT = openidFor('migration-resident');

/** A fixed clock, so that "issued when imported" can be compared exactly. */
const now = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ admins: [ADMIN], clock: () => now });
const call = callerOf(platform);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
  await database()
    .collection(COLLECTIONS.roles)
    .doc(STAFF)
    .set({ staff: { district: '南海区', grantedAt: now, grantedBy: ADMIN } });
});
afterAll(() => emulator.close());

const importLegacy = (records: LegacyRecord[], openid = STAFF) => call('staff', { action: 'importLegacy', records }, openid);
const rowsOf = async (records: LegacyRecord[]): Promise<LegacyImportRow[]> => dataOf(await importLegacy(records)).rows;
const apply = (openid: string, name: string, idNumber: string) => call('resident', { action: 'apply', name, idNumber }, openid);

/** An active old pass of a synthetic person (sequence n), numbered after n. */
function legacyRecord(line: number, sequence: number, overrides: Partial<LegacyRecord> = {}): LegacyRecord {
  return { line, name: '陈志明', idNumber: syntheticIdNumber(sequence), legacyNumber: `NH-${String(sequence).padStart(6, '0')}`, status: 'active', ...overrides };
}

async function passOfPerson(idNumber: string): Promise<PassDocument | undefined> {
  const personKey = platform.config().idProtector().hash(idNumber);
  return (await database().collection(COLLECTIONS.passes).where({ personKey }).get()).data[0] as PassDocument | undefined;
}

/**
 * What every collection an import writes to holds, to prove that a refusal wrote nothing; `leaving` takes out
 * the documents of one pass (the pass, its person lock, its audit entries).
 */
async function writableState(leaving?: PassDocument): Promise<string> {
  const collections = [COLLECTIONS.passes, COLLECTIONS.persons, COLLECTIONS.accounts, COLLECTIONS.audit];
  const documents = await Promise.all(collections.map((collection) => documentsOf<{ _id: string; target?: { id: string } }>(collection)));
  const ofThatPass = (document: { _id: string; target?: { id: string } }) =>
    leaving !== undefined && [document._id, document.target?.id].some((id) => id === leaving._id || id === leaving.personKey);
  return JSON.stringify(documents.map((collection) => collection.filter((document) => !ofThatPass(document))));
}

describe('importLegacy', () => {
  test('active old passes become migrated passes with no account, their issue date kept, one audit entry each', async () => {
    const records = [legacyRecord(2, 101, { issuedOn: '2020-02-10' }), legacyRecord(3, 102, { name: '李 秀英' })];
    const auditBefore = (await documentsOf(COLLECTIONS.audit)).length;

    expect(await rowsOf(records)).toEqual([
      { line: 2, outcome: 'imported' },
      { line: 3, outcome: 'imported' },
    ]);

    const first = await passOfPerson(syntheticIdNumber(101));
    expect(first).toMatchObject({
      origin: 'migrated',
      openid: null,
      status: 'active',
      card: null,
      name: '陈志明',
      nameMasked: '陈*明',
      issuedAt: new Date('2020-02-09T16:00:00Z'),
      legacy: { number: 'NH-000101', status: 'active', importedAt: now },
    });
    expect(first?.colour.colour).toBe('green');
    const second = await passOfPerson(syntheticIdNumber(102));
    expect(second).toMatchObject({ name: '李秀英', issuedAt: now, legacy: { number: 'NH-000102' } });
    const person = (await database().collection(COLLECTIONS.persons).doc(first?.personKey ?? '').get()).data[0];
    expect(person).toMatchObject({ passId: first?._id, createdAt: now });

    const audit = (await documentsOf<AuditEntry>(COLLECTIONS.audit)).slice(auditBefore);
    expect(audit).toHaveLength(2);
    expect(audit.find((entry) => entry.target.id === first?._id)).toMatchObject({
      action: 'pass.import',
      actor: { openid: STAFF, roles: ['resident', 'staff'] },
      target: { kind: 'pass', id: first?._id },
      details: { legacyNumber: 'NH-000101', line: 2, issuedOn: '2020-02-10' },
    });
    const stored = JSON.stringify([await documentsOf(COLLECTIONS.passes), audit]);
    for (const id of [101, 102].map((n) => syntheticIdNumber(n))) expect(stored).not.toContain(id);
    expect(JSON.stringify(audit)).not.toContain('陈志明');
  });

  test('importing the same records again changes nothing and says so', async () => {
    const records = [legacyRecord(2, 111), legacyRecord(3, 112, { issuedOn: '2021-07-01' })];
    await rowsOf(records);
    const before = await writableState();
    expect(await rowsOf(records)).toEqual([
      { line: 2, outcome: 'unchanged' },
      { line: 3, outcome: 'unchanged' },
    ]);
    expect(await writableState()).toBe(before);
  });

  test('each bad row is refused with its reason, writes nothing, and does not hold back the good rows', async () => {
    await dataOf(await apply(openidFor('has-wechat-pass'), '王芳', syntheticIdNumber(122)));
    await rowsOf([legacyRecord(2, 123, { legacyNumber: 'NH-OLD-1' })]);
    await dataOf(await call('staff', { action: 'issuePrintedPass', name: '赵敏', idNumber: syntheticIdNumber(124), reason: '老人没有智能手机' }, STAFF));
    const printed = dataOf(await call('staff', { action: 'issuePrintedPass', name: '孙丽', idNumber: syntheticIdNumber(129), reason: '老人没有智能手机' }, STAFF));
    await dataOf(await call('staff', { action: 'cancelPass', passId: printed.pass.passId, reason: '本人已去世' }, STAFF));
    const wrongCheckDigit = `${syntheticIdNumber(125).slice(0, 17)}${syntheticIdNumber(125).endsWith('0') ? '1' : '0'}`;
    const records = [
      legacyRecord(2, 120, { idNumber: wrongCheckDigit }),
      legacyRecord(3, 121, { name: 'Chen 志明' }),
      legacyRecord(4, 126, { status: 'revoked' }),
      legacyRecord(5, 122),
      legacyRecord(6, 123, { legacyNumber: 'NH-OLD-2' }),
      legacyRecord(7, 124),
      legacyRecord(8, 127, { issuedOn: '2026-12-01' }),
      legacyRecord(9, 129),
      legacyRecord(10, 128),
    ];
    const stateBefore = await writableState();

    const rows = await rowsOf(records);
    expect(rows).toEqual([
      { line: 2, outcome: 'rejected', reason: expect.stringMatching(/^身份证号码不正确：校验码不正确/) },
      { line: 3, outcome: 'rejected', reason: expect.stringMatching(/^姓名不正确：.*混用/) },
      { line: 4, outcome: 'rejected', reason: expect.stringContaining('已作废或注销，不转入') },
      { line: 5, outcome: 'rejected', reason: '此人已有绑定微信号的通行证，无需转入' },
      { line: 6, outcome: 'rejected', reason: expect.stringContaining('另一张旧通行证（原编号 NH-OLD-1）') },
      { line: 7, outcome: 'rejected', reason: '此人已有社区办理的纸质通行证，无需转入' },
      { line: 8, outcome: 'rejected', reason: '发证日期晚于今天，请核对' },
      { line: 9, outcome: 'rejected', reason: expect.stringContaining('已被社区注销') },
      { line: 10, outcome: 'imported' },
    ]);
    for (const row of rows) for (const record of records) expect(row.reason ?? '').not.toContain(record.idNumber);

    // Everything refused wrote nothing: leaving out the one imported pass gives the state before.
    expect(await writableState(await passOfPerson(syntheticIdNumber(128)))).toBe(stateBefore);
  });

  test('a person twice in one batch: the first row is imported, the second refused naming the first', async () => {
    const rows = await rowsOf([legacyRecord(2, 131), legacyRecord(3, 132), legacyRecord(4, 131, { legacyNumber: 'NH-OTHER' })]);
    expect(rows).toEqual([
      { line: 2, outcome: 'imported' },
      { line: 3, outcome: 'imported' },
      { line: 4, outcome: 'rejected', reason: expect.stringContaining('与第 2 行的身份证号码相同') },
    ]);
    expect((await passOfPerson(syntheticIdNumber(131)))?.legacy?.number).toBe('NH-000131');
  });

  test(`a batch holds at most ${LEGACY_BATCH_MAX} records; a larger or malformed one is refused whole and writes nothing`, async () => {
    const before = await writableState();
    const tooMany = Array.from({ length: LEGACY_BATCH_MAX + 1 }, (_, index) => legacyRecord(index + 2, 140));
    await expect(importLegacy(tooMany)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('records') });
    const malformed = [{ ...legacyRecord(2, 141), status: '有效' }] as unknown as LegacyRecord[];
    await expect(importLegacy(malformed)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('status') });
    expect(await writableState()).toBe(before);
  });

  test('residents may not import; staff and admins may', async () => {
    await expect(importLegacy([legacyRecord(2, 150)], RESIDENT)).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await expect(passOfPerson(syntheticIdNumber(150))).resolves.toBeUndefined();
    await expect(importLegacy([legacyRecord(2, 150)], ADMIN)).resolves.toEqual({ ok: true, data: { rows: [{ line: 2, outcome: 'imported' }] } });
  });

  test(`a batch of ${LEGACY_BATCH_MAX} records is taken, its rows answered in order`, async () => {
    // One person throughout keeps the test quick: the first row is imported, every later one refused as a repeat.
    const records = Array.from({ length: LEGACY_BATCH_MAX }, (_, index) => legacyRecord(index + 2, 170));
    const rows = await rowsOf(records);
    expect(rows.map((row) => row.line)).toEqual(records.map((record) => record.line));
    expect(rows[0]).toEqual({ line: 2, outcome: 'imported' });
    expect(rows.slice(1).every((row) => row.outcome === 'rejected' && row.reason?.startsWith('与第 2 行'))).toBe(true);
  });
});

describe('carried over on apply', () => {
  test('the resident applies with the same name and ID number: the old pass, its issue date and number kept; a new import leaves it alone', async () => {
    const record = legacyRecord(7, 160, { name: '黄丽', issuedOn: '2020-03-05' });
    await rowsOf([record]);
    const imported = await passOfPerson(record.idNumber);

    const applied = dataOf(await apply(RESIDENT, '黄丽', record.idNumber));
    expect(applied).toMatchObject({ created: false, carriedOver: true });
    expect(applied.pass).toMatchObject({ passId: imported?._id, origin: 'migrated', status: 'active', issuedAt: new Date('2020-03-04T16:00:00Z').getTime() });
    const bound = await passOfPerson(record.idNumber);
    expect(bound).toMatchObject({ openid: RESIDENT, issuedAt: imported?.issuedAt, legacy: imported?.legacy });
    expect(dataOf(await call('resident', { action: 'myPass' }, RESIDENT)).passId).toBe(imported?._id);

    expect(await rowsOf([record])).toEqual([{ line: 7, outcome: 'unchanged' }]);
    expect(await passOfPerson(record.idNumber)).toEqual(bound);
    await expectOnePassPerPersonAndAccount();
  });
});

describe('the one-pass-per-person invariant across imports and applications', () => {
  test('two imports of the same file racing each person applying: each person ends with exactly one pass', async () => {
    const people = Array.from({ length: 12 }, (_, index) => legacyRecord(index + 2, 200 + index, { name: '周杰' }));
    const [firstImport, secondImport, ...applications] = await Promise.all([
      rowsOf(people),
      rowsOf(people),
      ...people.map((record, index) => apply(openidFor(`racer-${index}-`), '周杰', record.idNumber)),
    ]);

    applications.forEach((result, index) => {
      const application = dataOf(result);
      const imports = [firstImport[index].outcome, secondImport[index].outcome].sort();
      if (application.carriedOver) {
        // The import won: one import created it, the other found it (before or after the resident bound it).
        expect(imports).toEqual(['imported', 'unchanged']);
        expect(application.pass.origin).toBe('migrated');
      } else {
        // The application won: both imports were refused, saying the person has a pass on WeChat.
        expect(application).toMatchObject({ created: true, pass: { origin: 'self' } });
        expect(imports).toEqual(['rejected', 'rejected']);
        expect(firstImport[index].reason).toBe('此人已有绑定微信号的通行证，无需转入');
      }
    });
    await expectOnePassPerPersonAndAccount();
    const imported = [...firstImport, ...secondImport].filter((row) => row.outcome === 'imported').length;
    const audited = (await documentsOf<AuditEntry>(COLLECTIONS.audit)).filter(
      (entry) => entry.action === 'pass.import' && people.some((record) => entry.details.legacyNumber === record.legacyNumber),
    );
    expect(audited).toHaveLength(imported);
  });
});
