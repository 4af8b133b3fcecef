import { database, runTransaction } from '../../cloudfunctions/shared/cloudbase';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import type { CallableMain } from '../../cloudfunctions/shared/handler';
import { newPassDocument, storeNewPass } from '../../cloudfunctions/shared/passes';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { createResident } from '../../cloudfunctions/resident';
import { createStaff } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import type { OneTimeCode, Result, StaffPassView } from '../../typings/contract';
import { startTestEmulator } from '../support/emulator';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const STAFF = openidFor('staff-a');
const OTHER_STAFF = openidFor('staff-b');
const ADMIN = openidFor('admin');

/** Lets a test move time on (codes expire); the functions read this clock. */
let clockOffsetMs = 0;
const platform = testPlatform({ admins: [ADMIN], clock: () => new Date(Date.now() + clockOffsetMs) });
const functions: Record<'resident' | 'staff', CallableMain> = { resident: createResident(platform), staff: createStaff(platform) };

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const grantedAt = new Date();
  for (const openid of [STAFF, OTHER_STAFF]) {
    await database().collection(COLLECTIONS.roles).doc(openid).set({ staff: { district: '松江区', grantedAt, grantedBy: ADMIN } });
  }
});
afterAll(async () => {
  try {
    // Whatever the tests did, the locks still hold.
    await expectInvariantsHold();
  } finally {
    await emulator.close();
  }
});
afterEach(() => {
  clockOffsetMs = 0;
});

function call<T>(fn: 'resident' | 'staff', openid: string, event: Record<string, unknown>): Promise<Result<T>> {
  return functions[fn](event, invocationContext(fn, { openid })) as Promise<Result<T>>;
}

type PassAnswer = Result<{ pass: StaffPassView }>;
const staff = (event: Record<string, unknown>, openid = STAFF) => call<{ pass: StaffPassView }>('staff', openid, event);
const issue = (name: string, idNumber: string, openid = STAFF) =>
  staff({ action: 'issuePrintedPass', name, idNumber, reason: '本人无智能手机，持身份证到社区办理' }, openid);
const reprint = (passId: string, openid = STAFF) => staff({ action: 'reprintCard', passId, reason: '卡片遗失，本人持身份证补办' }, openid);
const cancel = (passId: string) => staff({ action: 'cancelPass', passId, reason: '本人已迁出本市' });
const restore = (passId: string, openid = STAFF) => staff({ action: 'restorePass', passId, reason: '本人迁回本市，核对身份证原件' }, openid);
const move = (passId: string, accountCode: string) => staff({ action: 'movePassToAccount', passId, accountCode, reason: '本人已有智能手机，核对身份证后转到微信' });
const rebind = (passId: string, accountCode: string) => staff({ action: 'rebindPass', passId, accountCode, reason: '手机遗失，核对身份证原件与本人相符' });
const apply = (openid: string, name: string, idNumber: string) => call<{ pass: { passId: string } }>('resident', openid, { action: 'apply', name, idNumber });
const myPass = (openid: string) => call<{ passId: string }>('resident', openid, { action: 'myPass' });

async function accountCodeOf(openid: string): Promise<string> {
  const result = await call<OneTimeCode>('resident', openid, { action: 'accountCode' });
  if (!result.ok) throw new Error(`accountCode failed: ${result.code}`);
  return result.data.code;
}

function passOf(result: PassAnswer): StaffPassView {
  if (!result.ok) throw new Error(`expected a pass, got ${result.code}: ${result.message}`);
  return result.data.pass;
}

async function issued(name: string, idNumber: string): Promise<StaffPassView> {
  return passOf(await issue(name, idNumber));
}

async function storedPass(passId: string): Promise<PassDocument> {
  const { data } = await database().collection(COLLECTIONS.passes).doc(passId).get();
  return (data as PassDocument[])[0];
}

/** The account codes `openid` was given, used or not. */
async function accountCodesOf(openid: string): Promise<Array<{ redeemedBy: string | null }>> {
  return (await database().collection(COLLECTIONS.oneTimeCodes).where({ createdBy: openid, purpose: 'account' }).get()).data as Array<{ redeemedBy: string | null }>;
}

async function auditOf(passId: string): Promise<AuditEntry[]> {
  const { data } = await database().collection(COLLECTIONS.audit).where({ 'target.id': passId }).orderBy('at', 'asc').limit(100).get();
  return data as AuditEntry[];
}

const WRITTEN_COLLECTIONS = [COLLECTIONS.passes, COLLECTIONS.persons, COLLECTIONS.accounts, COLLECTIONS.audit];

/** Every document a refused act could have touched, to compare before and after. */
async function everything(): Promise<unknown[]> {
  return Promise.all(WRITTEN_COLLECTIONS.map(async (name) => (await database().collection(name).limit(1000).get()).data));
}

/** Runs a refused act and checks it answered the typed error and wrote nothing. */
async function expectRefusedWritingNothing(act: () => Promise<Result<unknown>>, code: string): Promise<Result<unknown>> {
  const before = await everything();
  const result = await act();
  expect(result).toMatchObject({ ok: false, code });
  expect(await everything()).toEqual(before);
  return result;
}

/** One pass per person, one per account, and each lock points at its pass. */
async function expectInvariantsHold(): Promise<void> {
  const [passes, persons, accounts] = (await everything()) as [PassDocument[], Array<{ _id: string; passId: string }>, Array<{ _id: string; passId: string }>];
  const byId = new Map(passes.map((pass) => [pass._id, pass]));
  expect(persons).toHaveLength(passes.length);
  for (const person of persons) expect(byId.get(person.passId)?.personKey).toBe(person._id);
  for (const account of accounts) expect(byId.get(account.passId)?.openid).toBe(account._id);
  expect(accounts).toHaveLength(passes.filter((pass) => pass.openid !== null).length);
  // Cards only on active passes no account holds: a pass on a phone has no second way in.
  expect(passes.filter((pass) => pass.card !== null && (pass.openid !== null || pass.status !== 'active'))).toEqual([]);
}

describe('issuePrintedPass', () => {
  test('staff issue a pass with card 1 and no account; it is audited with the reason', async () => {
    const idNumber = syntheticIdNumber(101);
    const pass = await issued(' 王 秀英 ', idNumber);
    expect(pass).toMatchObject({
      name: '王秀英',
      nameMasked: '王*英',
      idMasked: `1101**********${idNumber.slice(-4)}`,
      accountMasked: null,
      card: { serial: 1, printedAt: expect.any(Number) },
      origin: 'staff',
      status: 'active',
      colour: 'green',
      legacyNumber: null,
    });
    expect(await storedPass(pass.passId)).toMatchObject({ openid: null, card: { serial: 1 }, origin: 'staff' });
    const [entry] = await auditOf(pass.passId);
    expect(entry).toMatchObject({
      action: 'pass.issuePrinted',
      actor: { openid: STAFF, roles: ['resident', 'staff'] },
      target: { kind: 'pass', id: pass.passId },
      reason: '本人无智能手机，持身份证到社区办理',
      details: { serial: 1, origin: 'staff' },
    });
    expect(JSON.stringify(entry)).not.toContain(idNumber);
    expect(JSON.stringify(entry)).not.toContain('王秀英');
  });

  test('admins may issue too; residents and guards may not', async () => {
    expect((await issue('李桂兰', syntheticIdNumber(102), ADMIN)).ok).toBe(true);
    await expectRefusedWritingNothing(() => issue('李桂芳', syntheticIdNumber(103), openidFor('resident')), 'FORBIDDEN');
  });

  test.each([
    ['a wrong check digit', '张三', `${syntheticIdNumber(104).slice(0, 17)}${syntheticIdNumber(104).endsWith('0') ? '1' : '0'}`, 'ID_INVALID', 'checkDigit'],
    ['a birth date in the future', '张三', syntheticIdNumber(104, '20991231'), 'ID_INVALID', 'birthDate'],
    ['digits in the name', '张三3', syntheticIdNumber(104), 'NAME_INVALID', undefined],
  ])('%s is refused with a typed error and nothing is written', async (_label, name, idNumber, code, detail) => {
    const result = await expectRefusedWritingNothing(() => issue(name, idNumber), code);
    if (detail) expect(!result.ok && result.detail).toBe(detail);
    expect(!result.ok && result.message).not.toContain(idNumber);
  });

  test('a reason is required, and it may not carry an ID number (it is kept in clear)', async () => {
    const idNumber = syntheticIdNumber(104);
    const withReason = (reason: string) => () => staff({ action: 'issuePrintedPass', name: '张三', idNumber, reason });
    await expectRefusedWritingNothing(withReason(' '), 'INVALID_REQUEST');
    for (const typed of [idNumber, `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14)}`, idNumber.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))]) {
      const refused = await expectRefusedWritingNothing(withReason(`核对身份证 ${typed} 本人到场`), 'INVALID_REQUEST');
      expect(!refused.ok && refused.message).toContain('请勿填写身份证号码');
      expect(!refused.ok && refused.message).not.toContain(idNumber.slice(0, 6));
    }
  });

  test('a person who already has a pass gets no second one: on an account, or printed', async () => {
    const applied = syntheticIdNumber(105);
    expect((await apply(openidFor('holder105'), '赵一', applied)).ok).toBe(true);
    await expectRefusedWritingNothing(() => issue('赵一', applied), 'ID_BOUND_TO_OTHER_ACCOUNT');

    const printed = syntheticIdNumber(106);
    await issued('赵二', printed);
    await expectRefusedWritingNothing(() => issue('赵二', printed), 'ID_HAS_PRINTED_PASS');
    // The person cannot apply for it from a phone either: staff move it at the counter.
    const refused = await expectRefusedWritingNothing(() => apply(openidFor('phone106'), '赵二', printed), 'ID_HAS_PRINTED_PASS');
    expect(!refused.ok && refused.message).toContain('社区');
  });

  test('an application and a printed issue for the same person at once give exactly one pass', async () => {
    // The issue starts a little later each round, so that each side sometimes reaches the database first.
    for (let round = 0; round < 8; round++) {
      const idNumber = syntheticIdNumber(110 + round);
      const applicant = openidFor(`racer${round}`);
      const lateIssue = new Promise<void>((resolve) => setTimeout(resolve, round * 2)).then(() => issue('孙三', idNumber));
      const [applied, printed] = await Promise.all([apply(applicant, '孙三', idNumber), lateIssue]);
      expect([applied.ok, printed.ok].filter(Boolean)).toHaveLength(1);
      if (applied.ok) expect(printed).toMatchObject({ ok: false, code: 'ID_BOUND_TO_OTHER_ACCOUNT' });
      else expect(applied).toMatchObject({ ok: false, code: 'ID_HAS_PRINTED_PASS' });
    }
    await expectInvariantsHold();
  });
});

test('an imported old pass nobody has claimed gets the card instead of a second pass', async () => {
  const idNumber = syntheticIdNumber(160);
  const protector = platform.config().idProtector();
  const fields = { personKey: protector.hash(idNumber), idNumber, name: '韩梅', openid: null, origin: 'migrated' as const, card: null, now: new Date() };
  const imported = { ...newPassDocument(protector, fields), legacy: { number: 'NH-0160', status: 'active', importedAt: new Date() } };
  await runTransaction(database(), (transaction) => storeNewPass(transaction, imported));

  await expectRefusedWritingNothing(() => issue('韩梅梅', idNumber), 'NAME_INVALID');
  const pass = await issued('韩梅', idNumber);
  expect(pass).toMatchObject({ passId: imported._id, origin: 'migrated', legacyNumber: 'NH-0160', card: { serial: 1 }, accountMasked: null });
  expect((await auditOf(imported._id)).map((entry) => [entry.action, entry.details.origin])).toEqual([['pass.issuePrinted', 'migrated']]);
  // With a card it is a printed pass: not carried over by an application, moved at the counter.
  await expectRefusedWritingNothing(() => apply(openidFor('phone160'), '韩梅', idNumber), 'ID_HAS_PRINTED_PASS');
});

describe('reprintCard and cancelPass', () => {
  test('a reprint moves the serial on (the old card is revoked) and is audited', async () => {
    const pass = await issued('钱四', syntheticIdNumber(120));
    const reprinted = passOf(await reprint(pass.passId));
    expect(reprinted.card?.serial).toBe(2);
    expect((await storedPass(pass.passId)).card?.serial).toBe(2);
    expect((await auditOf(pass.passId)).map((entry) => [entry.action, entry.details.serial])).toEqual([
      ['pass.issuePrinted', 1],
      ['pass.reprint', 2],
    ]);
  });

  test('two staff reprinting at once get consecutive serials; none is lost', async () => {
    const pass = await issued('钱五', syntheticIdNumber(121));
    const results = await Promise.all([reprint(pass.passId, STAFF), reprint(pass.passId, OTHER_STAFF)]);
    expect(results.map((result) => passOf(result).card?.serial).sort()).toEqual([2, 3]);
    expect((await storedPass(pass.passId)).card?.serial).toBe(3);
    const reprints = (await auditOf(pass.passId)).filter((entry) => entry.action === 'pass.reprint');
    expect(reprints.map((entry) => entry.details.serial).sort()).toEqual([2, 3]);
    expect(new Set(reprints.map((entry) => entry.actor.openid))).toEqual(new Set([STAFF, OTHER_STAFF]));
  });

  test('a cancelled pass can be neither reprinted, cancelled again nor moved', async () => {
    const pass = await issued('孙六', syntheticIdNumber(122));
    expect(passOf(await cancel(pass.passId))).toMatchObject({ status: 'cancelled', card: null });
    expect((await auditOf(pass.passId)).map((entry) => [entry.action, entry.reason])).toEqual([
      ['pass.issuePrinted', '本人无智能手机，持身份证到社区办理'],
      ['pass.cancel', '本人已迁出本市'],
    ]);
    expect((await auditOf(pass.passId)).at(-1)?.details).toEqual({ revokedCardSerial: 1 });
    await expectRefusedWritingNothing(() => reprint(pass.passId), 'INVALID_STATE');
    await expectRefusedWritingNothing(() => cancel(pass.passId), 'INVALID_STATE');
    const code = await accountCodeOf(openidFor('mover122'));
    await expectRefusedWritingNothing(() => move(pass.passId, code), 'INVALID_STATE');
    const refused = await expectRefusedWritingNothing(() => issue('孙六', syntheticIdNumber(122)), 'INVALID_STATE');
    expect(!refused.ok && refused.message).toContain('恢复');
  });

  test('applying from a phone for a cancelled printed pass says it is cancelled and where to restore it; counted as a probe', async () => {
    const idNumber = syntheticIdNumber(124);
    const pass = await issued('孙九', idNumber);
    await cancel(pass.passId);
    const applicant = openidFor('phone124');
    const refused = await expectRefusedWritingNothing(() => apply(applicant, '孙九', idNumber), 'ID_HAS_PRINTED_PASS');
    expect(!refused.ok && refused.message).toBe('您的通行证已被注销。如需恢复，请携带身份证到社区办理，恢复后可由工作人员转到您的微信号上。');
    // It tells about this ID number's pass as the other refusals do: five of them and the account must wait.
    for (let attempt = 1; attempt < 5; attempt++) await expect(apply(applicant, '孙九', idNumber)).resolves.toMatchObject({ code: 'ID_HAS_PRINTED_PASS' });
    await expect(apply(applicant, '孙九', idNumber)).resolves.toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // Restored, it is a printed pass again, and the answer says so.
    passOf(await restore(pass.passId));
    const again = await apply(openidFor('phone124b'), '孙九', idNumber);
    expect(again).toMatchObject({ ok: false, code: 'ID_HAS_PRINTED_PASS', message: expect.stringContaining('社区已为您办理纸质通行证') });
  });

  test('a pass an account holds has no card: no reprint, no cancel here; an unknown pass is not found', async () => {
    const applied = await apply(openidFor('holder123'), '李七', syntheticIdNumber(123));
    const passId = applied.ok ? applied.data.pass.passId : '';
    await expectRefusedWritingNothing(() => reprint(passId), 'INVALID_STATE');
    await expectRefusedWritingNothing(() => cancel(passId), 'INVALID_STATE');
    await expectRefusedWritingNothing(() => reprint('no-such-pass'), 'NOT_FOUND');
  });
});

describe('movePassToAccount', () => {
  test("a printed pass moves onto the person's account: a normal pass now, its card revoked", async () => {
    const owner = openidFor('mover130');
    const pass = await issued('周八', syntheticIdNumber(130));
    await reprint(pass.passId);
    const moved = passOf(await move(pass.passId, await accountCodeOf(owner)));
    expect(moved).toMatchObject({ passId: pass.passId, accountMasked: expect.stringMatching(/…/), card: null, origin: 'staff', status: 'active' });
    await expect(myPass(owner)).resolves.toMatchObject({ ok: true, data: { passId: pass.passId } });
    expect(await storedPass(pass.passId)).toMatchObject({ openid: owner, card: null });
    const entry = (await auditOf(pass.passId)).at(-1);
    expect(entry).toMatchObject({ action: 'pass.moveToAccount', details: { fromAccount: null, toAccount: owner, revokedCardSerial: 2 } });
    // Still one per person: applying again from the account answers the same pass.
    await expect(apply(owner, '周八', syntheticIdNumber(130))).resolves.toMatchObject({ ok: true, data: { created: false, pass: { passId: pass.passId } } });
  });

  test('a used, expired, unknown or malformed code is CODE_INVALID and nothing is written', async () => {
    const first = await issued('吴九', syntheticIdNumber(131));
    const second = await issued('吴十', syntheticIdNumber(132));
    const used = await accountCodeOf(openidFor('mover131'));
    expect((await move(first.passId, used)).ok).toBe(true);
    await expectRefusedWritingNothing(() => move(second.passId, used), 'CODE_INVALID');

    const expiring = await accountCodeOf(openidFor('mover132'));
    clockOffsetMs = 10 * 60_000 + 1;
    const expired = await expectRefusedWritingNothing(() => move(second.passId, expiring), 'CODE_INVALID');
    expect(!expired.ok && expired.message).toContain('过期');
    clockOffsetMs = 0;

    await expectRefusedWritingNothing(() => move(second.passId, 'ABCDEFGH'), 'CODE_INVALID');
    await expectRefusedWritingNothing(() => move(second.passId, 'nope'), 'CODE_INVALID');
    // The code of another purpose (a role invitation) does not name an account.
    const invitation = await call<OneTimeCode>('staff', STAFF, { action: 'createInvitation', role: 'guard', checkpointId: 'cp-9', checkpointName: '东门岗' });
    if (!invitation.ok) throw new Error(`createInvitation failed: ${invitation.code}`);
    await expectRefusedWritingNothing(() => move(second.passId, invitation.data.code), 'CODE_INVALID');
  });

  test('an account that holds a pass cannot take a second one; the code stays usable', async () => {
    const holder = openidFor('holder133');
    expect((await apply(holder, '郑一', syntheticIdNumber(133))).ok).toBe(true);
    const printed = await issued('郑二', syntheticIdNumber(134));
    const code = await accountCodeOf(holder);
    const refused = await expectRefusedWritingNothing(() => move(printed.passId, code), 'ACCOUNT_HAS_PASS');
    expect(!refused.ok && refused.message).toContain('一个微信号只能持有一张');
    // The refusal rolled the code's use back with everything else.
    const { data } = await database().collection(COLLECTIONS.oneTimeCodes).where({ createdBy: holder }).get();
    expect(data).toMatchObject([{ purpose: 'account', redeemedBy: null, redeemedAt: null }]);
  });

  test('a pass an account holds is rebound, not moved', async () => {
    const applied = await apply(openidFor('holder135'), '王二', syntheticIdNumber(135));
    const passId = applied.ok ? applied.data.pass.passId : '';
    await expectRefusedWritingNothing(async () => move(passId, await accountCodeOf(openidFor('other135'))), 'INVALID_STATE');
  });

  test('two staff moving one printed pass onto two accounts at once: exactly one move wins', async () => {
    const pass = await issued('冯三', syntheticIdNumber(138));
    const codes = [await accountCodeOf(openidFor('mover138a')), await accountCodeOf(openidFor('mover138b'))];
    const results = await Promise.all(codes.map((code) => move(pass.passId, code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ code: 'INVALID_STATE' });
    expect((await auditOf(pass.passId)).filter((entry) => entry.action === 'pass.moveToAccount')).toHaveLength(1);
  });

  test('one code used by two staff at once on two passes: exactly one move wins', async () => {
    const owner = openidFor('mover136');
    const [first, second] = [await issued('冯一', syntheticIdNumber(136)), await issued('冯二', syntheticIdNumber(137))];
    const code = await accountCodeOf(owner);
    const results = await Promise.all([move(first.passId, code), move(second.passId, code)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ code: 'CODE_INVALID' });
    const held = (await database().collection(COLLECTIONS.passes).where({ openid: owner }).get()).data;
    expect(held).toHaveLength(1);
  });
});

describe('rebindPass', () => {
  test('a pass moves from a lost account to a new one; the old account no longer holds it', async () => {
    const lost = openidFor('lost140');
    const fresh = openidFor('new140');
    const applied = await apply(lost, '陈一', syntheticIdNumber(140));
    const passId = applied.ok ? applied.data.pass.passId : '';
    const rebound = passOf(await rebind(passId, await accountCodeOf(fresh)));
    expect(rebound).toMatchObject({ passId, accountMasked: 'onew…0000', origin: 'self', card: null });
    await expect(myPass(lost)).resolves.toMatchObject({ ok: false, code: 'NO_PASS' });
    await expect(myPass(fresh)).resolves.toMatchObject({ ok: true, data: { passId } });
    const accounts = database().collection(COLLECTIONS.accounts);
    expect((await accounts.doc(lost).get()).data).toEqual([]);
    expect((await accounts.doc(fresh).get()).data).toMatchObject([{ passId }]);
    expect((await auditOf(passId)).at(-1)).toMatchObject({
      action: 'pass.rebind',
      actor: { openid: STAFF },
      reason: '手机遗失，核对身份证原件与本人相符',
      details: { fromAccount: lost, toAccount: fresh },
    });
    // The old account cannot take the pass back by applying: it is bound to the new one.
    await expect(apply(lost, '陈一', syntheticIdNumber(140))).resolves.toMatchObject({ ok: false, code: 'ID_BOUND_TO_OTHER_ACCOUNT' });
  });

  test('the new account must not hold a pass; a printed pass is moved, not rebound', async () => {
    const applied = await apply(openidFor('lost141'), '陈二', syntheticIdNumber(141));
    const passId = applied.ok ? applied.data.pass.passId : '';
    const other = openidFor('holder142');
    expect((await apply(other, '陈三', syntheticIdNumber(142))).ok).toBe(true);
    await expectRefusedWritingNothing(async () => rebind(passId, await accountCodeOf(other)), 'ACCOUNT_HAS_PASS');
    await expectRefusedWritingNothing(async () => rebind(passId, await accountCodeOf(openidFor('lost141'))), 'INVALID_STATE');
    const printed = await issued('陈四', syntheticIdNumber(143));
    await expectRefusedWritingNothing(async () => rebind(printed.passId, await accountCodeOf(openidFor('new143'))), 'INVALID_STATE');
  });
});

describe('restorePass', () => {
  test('a cancelled printed pass is restored with a new card after the revoked one, audited with the reason', async () => {
    const idNumber = syntheticIdNumber(170);
    const pass = await issued('卫一', idNumber);
    await reprint(pass.passId);
    await cancel(pass.passId);
    const restored = passOf(await restore(pass.passId));
    // Cards 1 and 2 were revoked (the reprint, then the cancellation): neither becomes valid again.
    expect(restored).toMatchObject({ passId: pass.passId, status: 'active', card: { serial: 3 }, accountMasked: null });
    expect(await storedPass(pass.passId)).toMatchObject({ status: 'active', openid: null, card: { serial: 3 } });
    expect((await auditOf(pass.passId)).at(-1)).toMatchObject({
      action: 'pass.restore',
      actor: { openid: STAFF },
      reason: '本人迁回本市，核对身份证原件',
      details: { serial: 3 },
    });
    // The same one pass, fully usable again: still no second pass, and it can be reprinted and moved.
    await expectRefusedWritingNothing(() => issue('卫一', idNumber), 'ID_HAS_PRINTED_PASS');
    expect(passOf(await reprint(pass.passId)).card?.serial).toBe(4);
    expect((await move(pass.passId, await accountCodeOf(openidFor('mover170')))).ok).toBe(true);
  });

  test('cancelled, restored and cancelled again: each card stays revoked', async () => {
    const pass = await issued('卫二', syntheticIdNumber(171));
    await cancel(pass.passId);
    expect(passOf(await restore(pass.passId)).card?.serial).toBe(2);
    await cancel(pass.passId);
    expect(passOf(await restore(pass.passId)).card?.serial).toBe(3);
    expect((await auditOf(pass.passId)).map((entry) => entry.action)).toEqual(['pass.issuePrinted', 'pass.cancel', 'pass.restore', 'pass.cancel', 'pass.restore']);
  });

  test('a pass cancelled before the revoked serial was kept takes it from the audit entry of its cancellation', async () => {
    const pass = await issued('卫三', syntheticIdNumber(172));
    await reprint(pass.passId);
    await cancel(pass.passId);
    await database().collection(COLLECTIONS.passes).doc(pass.passId).update({ cancelledCardSerial: database().command.remove() });
    expect(await storedPass(pass.passId)).not.toHaveProperty('cancelledCardSerial');
    expect(passOf(await restore(pass.passId)).card?.serial).toBe(3);
  });

  test('a cancelled pass an account holds is restored on that account, without a card', async () => {
    const owner = openidFor('holder173');
    const applied = await apply(owner, '卫四', syntheticIdNumber(173));
    const passId = applied.ok ? applied.data.pass.passId : '';
    await database().collection(COLLECTIONS.passes).doc(passId).update({ status: 'cancelled' });
    expect(passOf(await restore(passId))).toMatchObject({ status: 'active', card: null, accountMasked: expect.stringMatching(/…/) });
    await expect(myPass(owner)).resolves.toMatchObject({ ok: true, data: { passId, status: 'active' } });
    expect((await auditOf(passId)).at(-1)).toMatchObject({ action: 'pass.restore', details: { serial: null } });
  });

  test('an active pass is not restored, an unknown one is not found; residents may not restore', async () => {
    const pass = await issued('卫五', syntheticIdNumber(174));
    const refused = await expectRefusedWritingNothing(() => restore(pass.passId), 'INVALID_STATE');
    expect(!refused.ok && refused.message).toContain('未注销');
    await expectRefusedWritingNothing(() => restore('no-such-pass'), 'NOT_FOUND');
    await cancel(pass.passId);
    await expectRefusedWritingNothing(() => restore(pass.passId, openidFor('resident')), 'FORBIDDEN');
  });

  test('five staff restoring one pass at once: one restores it, the others are told it is not cancelled', async () => {
    const pass = await issued('卫六', syntheticIdNumber(175));
    await cancel(pass.passId);
    const results = await Promise.all([STAFF, OTHER_STAFF, STAFF, OTHER_STAFF, ADMIN].map((openid) => restore(pass.passId, openid)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(Array(4).fill('INVALID_STATE'));
    expect((await storedPass(pass.passId)).card?.serial).toBe(2);
    expect((await auditOf(pass.passId)).filter((entry) => entry.action === 'pass.restore')).toHaveLength(1);
    await expectInvariantsHold();
  });
});

describe('acts on one pass at once', () => {
  test('10 staff rebinding one pass to 10 accounts at once: exactly one wins, the others get CONFLICT and change nothing', async () => {
    const lost = openidFor('lost180');
    const applied = await apply(lost, '蒋五', syntheticIdNumber(180));
    const passId = applied.ok ? applied.data.pass.passId : '';
    const targets = Array.from({ length: 10 }, (_, n) => openidFor(`new180-${n}`));
    const codes = await Promise.all(targets.map(accountCodeOf));

    const results = await Promise.all(codes.map((code, n) => rebind(passId, code).then((result) => ({ result, target: targets[n] }))));

    const winners = results.filter(({ result }) => result.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter(({ result }) => !result.ok).map(({ result }) => !result.ok && result.code)).toEqual(Array(9).fill('CONFLICT'));
    const winner = winners[0].target;
    expect(await storedPass(passId)).toMatchObject({ openid: winner });
    const accounts = (await database().collection(COLLECTIONS.accounts).where({ passId }).get()).data;
    expect(accounts).toEqual([expect.objectContaining({ _id: winner })]);
    // One code was used, the winner's; the losers' codes were rolled back with everything else.
    for (const target of targets) expect((await accountCodesOf(target)).map((code) => code.redeemedBy !== null)).toEqual([target === winner]);
    const rebinds = (await auditOf(passId)).filter((entry) => entry.action === 'pass.rebind');
    expect(rebinds).toEqual([expect.objectContaining({ details: { fromAccount: lost, toAccount: winner, revokedCardSerial: null } })]);
    await expectInvariantsHold();

    // A loser's code shown before the winner's rebind stays refused; with a fresh code the person can still rebind.
    const loser = targets.find((target) => target !== winner) ?? '';
    const stale = await expectRefusedWritingNothing(() => rebind(passId, codes[targets.indexOf(loser)]), 'CONFLICT');
    expect(!stale.ok && stale.message).toContain('重新获取账号验证码');
    expect(passOf(await rebind(passId, await accountCodeOf(loser))).accountMasked).toMatch(/^onew/);
    expect((await storedPass(passId)).openid).toBe(loser);
  });

  test('one account code used to rebind two passes at once: exactly one rebind wins, the code is used once', async () => {
    const target = openidFor('new181');
    const first = await apply(openidFor('lost181a'), '蒋六', syntheticIdNumber(181));
    const second = await apply(openidFor('lost181b'), '蒋七', syntheticIdNumber(182));
    const passIds = [first, second].map((result) => (result.ok ? result.data.pass.passId : ''));
    const code = await accountCodeOf(target);

    const results = await Promise.all(passIds.map((passId) => rebind(passId, code)));

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ code: 'CODE_INVALID' });
    expect((await database().collection(COLLECTIONS.passes).where({ openid: target }).get()).data).toHaveLength(1);
    expect((await accountCodesOf(target)).filter((stored) => stored.redeemedBy !== null)).toHaveLength(1);
    const rebinds = await Promise.all(passIds.map(async (passId) => (await auditOf(passId)).filter((entry) => entry.action === 'pass.rebind').length));
    expect(rebinds.sort()).toEqual([0, 1]);
    await expectInvariantsHold();
  });

  test('10 staff moving one printed pass onto 10 accounts at once: exactly one move wins', async () => {
    const pass = await issued('蒋八', syntheticIdNumber(183));
    const targets = Array.from({ length: 10 }, (_, n) => openidFor(`mover183-${n}`));
    const codes = await Promise.all(targets.map(accountCodeOf));

    const results = await Promise.all(codes.map((code) => move(pass.passId, code)));

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(Array(9).fill('INVALID_STATE'));
    const holder = (await storedPass(pass.passId)).openid;
    for (const target of targets) expect((await accountCodesOf(target)).map((code) => code.redeemedBy !== null)).toEqual([target === holder]);
    expect((await auditOf(pass.passId)).filter((entry) => entry.action === 'pass.moveToAccount')).toHaveLength(1);
    await expectInvariantsHold();
  });

  test('cancel, reprint, move and restore of one printed pass at once leave it consistent, each act audited once it took effect', async () => {
    for (let round = 0; round < 3; round++) {
      const pass = await issued('蒋九', syntheticIdNumber(184 + round));
      const code = await accountCodeOf(openidFor(`mover184-${round}`));
      const results = await Promise.all([cancel(pass.passId), reprint(pass.passId, OTHER_STAFF), move(pass.passId, code), restore(pass.passId, ADMIN)]);
      const stored = await storedPass(pass.passId);
      const entries = (await auditOf(pass.passId)).slice(1);
      // Whatever the order, every act that answered ok left exactly one entry, and the refused ones none.
      expect(entries).toHaveLength(results.filter((result) => result.ok).length);
      for (const result of results) if (!result.ok) expect(['INVALID_STATE', 'CONFLICT']).toContain(result.code);
      if (stored.status === 'cancelled') expect(stored.card).toBeNull();
      await expectInvariantsHold();
    }
  });
});

describe('findPass', () => {
  const find = (idNumber: string, reason = '居民来电咨询，核对身份') => staff({ action: 'findPass', idNumber, reason }) as Promise<Result<{ pass: StaffPassView | null }>>;

  test('staff find a pass by ID number (as typed), and every look-up is audited', async () => {
    const idNumber = syntheticIdNumber(10); // ends in X: typed in lower case below
    const pass = await issued('蒋一', idNumber);
    const found = await find(` ${idNumber.toLowerCase()} `);
    expect(found).toMatchObject({ ok: true, data: { pass: { passId: pass.passId, name: '蒋一', card: { serial: 1 } } } });
    expect((await auditOf(pass.passId)).at(-1)).toMatchObject({
      action: 'pass.lookup',
      target: { kind: 'pass', id: pass.passId },
      reason: '居民来电咨询，核对身份',
      details: { found: true },
    });
  });

  test('a miss answers null and is audited by the keyed hash, never the number', async () => {
    const idNumber = syntheticIdNumber(150);
    const personKey = platform.config().idProtector().hash(idNumber);
    await expect(find(idNumber)).resolves.toEqual({ ok: true, data: { pass: null } });
    const entries = await auditOf(personKey);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'pass.lookup', actor: { openid: STAFF, roles: ['resident', 'staff'] }, target: { kind: 'person', id: personKey }, details: { found: false } }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(idNumber);
  });

  test('an invalid number or a missing reason is refused and not audited', async () => {
    await expectRefusedWritingNothing(() => find('12345'), 'ID_INVALID');
    await expectRefusedWritingNothing(() => find(syntheticIdNumber(151), ''), 'INVALID_REQUEST');
    await expectRefusedWritingNothing(() => call('staff', openidFor('resident'), { action: 'findPass', idNumber: syntheticIdNumber(151), reason: '好奇看看' }), 'FORBIDDEN');
  });
});
