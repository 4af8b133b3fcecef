import { issueAccountCode } from '../../cloudfunctions/shared/account-codes';
import { database } from '../../cloudfunctions/shared/cloudbase';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { FAMILY_LIMIT, type FamilyCircleDocument } from '../../cloudfunctions/shared/domain/family';
import { maskName } from '../../cloudfunctions/shared/domain/masking';
import { ID_SEAL_PURPOSE, type PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { colourWithoutFacts, newPassId } from '../../cloudfunctions/shared/passes';
import { maskOpenid } from '../../cloudfunctions/shared/roles';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { FamilyPassView, ParamsOf } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { documentsOf, expectOnePassPerPersonAndAccount } from '../support/pass-invariants';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const STAFF = openidFor('famStaff');
const ADMIN = openidFor('famAdmin');
const START = new Date('2026-11-27T02:00:00Z');
const HOUR = 3_600_000;

let now = START;
const platform = testPlatform({ admins: [ADMIN], clock: () => now });
const call = callerOf(platform);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  await database().collection(COLLECTIONS.roles).doc(STAFF).set({ staff: { district: '松江区', grantedAt: START, grantedBy: ADMIN } });
});
afterAll(() => emulator.close());
beforeEach(() => {
  now = START;
});

/** Each test's people get their own ID numbers from their own range. */
let nextSequence = 100;

/** A resident who applied for their own pass; answers the pass id. */
async function residentWithPass(openid: string, name: string): Promise<string> {
  return dataOf(await call('resident', { action: 'apply', name, idNumber: syntheticIdNumber(nextSequence++) }, openid)).pass.passId;
}

async function invite(owner: string, label = '妈妈'): Promise<string> {
  return dataOf(await call('resident', { action: 'familyInvite', label }, owner)).code;
}
const accept = (openid: string, code: string) => call('resident', { action: 'familyAccept', code }, openid);
const familyPasses = async (openid: string) => dataOf(await call('resident', { action: 'familyPasses' }, openid)).passes;
const familyGrants = async (owner: string) => dataOf(await call('resident', { action: 'familyGrants' }, owner)).grants;
const revoke = (openid: string, grantId: string) => call('resident', { action: 'familyRevoke', grantId }, openid);
const myPass = async (openid: string) => dataOf(await call('resident', { action: 'myPass' }, openid));
const linkGuardian = (by: string, params: ParamsOf<'staff', 'linkGuardian'>) => call('staff', { action: 'linkGuardian', ...params }, by);

async function familyOf(passId: string): Promise<FamilyCircleDocument | undefined> {
  return ((await database().collection(COLLECTIONS.familyGrants).doc(passId).get()).data as FamilyCircleDocument[])[0];
}
async function auditOf(where: Record<string, unknown>): Promise<AuditEntry[]> {
  return (await database().collection(COLLECTIONS.audit).where(where).orderBy('at', 'asc').get()).data as AuditEntry[];
}
async function countOf(collection: string, where: Record<string, unknown> = {}): Promise<number> {
  return (await database().collection(collection).where(where).count()).total;
}

/** Everything a refused call could have written: family documents, codes used, audit entries, passes. */
async function writtenState() {
  return {
    families: await documentsOf(COLLECTIONS.familyGrants),
    codes: await countOf(COLLECTIONS.oneTimeCodes),
    used: await countOf(COLLECTIONS.oneTimeCodes, { redeemedAt: database().command.neq(null) }),
    audit: await countOf(COLLECTIONS.audit),
    passes: await documentsOf(COLLECTIONS.passes),
  };
}

/** Expects `act` to be refused with `code` and to leave the database as it was. */
async function expectRefusedWithoutWrites(act: () => Promise<unknown>, code: string): Promise<void> {
  const before = await writtenState();
  await expect(act()).resolves.toMatchObject({ ok: false, code, message: expect.any(String) });
  expect(await writtenState()).toEqual(before);
}

/**
 * A printed pass as staff issue it (no account behind it, a card), with its persons lock: written directly,
 * so these tests do not depend on the printed-pass actions.
 */
async function printedPass(name: string): Promise<string> {
  const protector = platform.config().idProtector();
  const idNumber = syntheticIdNumber(nextSequence++);
  const pass: PassDocument = {
    _id: newPassId(),
    personKey: protector.hash(idNumber),
    openid: null,
    name,
    nameMasked: maskName(name),
    idMasked: protector.mask(idNumber),
    idSealed: protector.encrypt(idNumber, ID_SEAL_PURPOSE),
    origin: 'staff',
    status: 'active',
    issuedAt: now,
    updatedAt: now,
    colour: colourWithoutFacts(now),
    photo: null,
    card: { serial: 1, printedAt: now },
  };
  await database().collection(COLLECTIONS.persons).add({ _id: pass.personKey, passId: pass._id, createdAt: now });
  await database().collection(COLLECTIONS.passes).add(pass);
  return pass._id;
}

/** The code a guardian's phone shows staff, issued as the resident `accountCode` action issues it. */
async function accountCodeOf(openid: string): Promise<string> {
  return (await issueAccountCode(database(), platform.config().oneTimeCodeKey(), openid, now)).code;
}

describe('family display', () => {
  test("invite, accept: the family member's phone lists the owner's pass, masked and labelled; the owner sees the grant; audited", async () => {
    const owner = openidFor('famOwner1');
    const daughter = openidFor('famDaughter1');
    const ownerPassId = await residentWithPass(owner, '王秀英');
    const daughterPassId = await residentWithPass(daughter, '李明');

    const invitation = dataOf(await call('resident', { action: 'familyInvite', label: ' 女儿 ' }, owner));
    expect(invitation.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(invitation.expiresAt).toBe(START.getTime() + 24 * HOUR);

    now = new Date(START.getTime() + HOUR);
    const passesBefore = await countOf(COLLECTIONS.passes);
    const accepted = dataOf(await accept(daughter, invitation.code.toLowerCase()));
    expect(accepted.pass).toMatchObject({ passId: ownerPassId, nameMasked: '王*英', label: '女儿', photoUrl: null, status: 'active', colour: 'green' });
    expect(accepted.pass.idMasked).toMatch(/^1101\*{10}\w{4}$/);
    await expect(familyPasses(daughter)).resolves.toEqual([accepted.pass]);

    // No second pass: each keeps exactly their own, and the owner's pass has not moved.
    expect(await countOf(COLLECTIONS.passes)).toBe(passesBefore);
    await expect(myPass(daughter)).resolves.toMatchObject({ passId: daughterPassId, nameMasked: '李*' });
    await expect(myPass(owner)).resolves.toMatchObject({ passId: ownerPassId, nameMasked: '王*英' });
    await expectOnePassPerPersonAndAccount();

    await expect(familyGrants(owner)).resolves.toEqual([
      { grantId: accepted.pass.grantId, label: '女儿', accountMasked: maskOpenid(daughter), grantedAt: now.getTime() },
    ]);
    await expect(familyPasses(owner)).resolves.toEqual([]);

    const [entry] = await auditOf({ action: 'family.grant', 'target.id': ownerPassId });
    expect(entry).toMatchObject({
      at: now,
      actor: { openid: daughter, roles: ['resident'] },
      target: { kind: 'pass', id: ownerPassId },
      details: { grantId: accepted.pass.grantId, grantee: maskOpenid(daughter), grantedBy: maskOpenid(owner), via: 'invitation' },
    });
    expect(JSON.stringify(entry)).not.toContain('王秀英');
  });

  test('the owner revokes: the pass leaves the family member\'s list at once, audited', async () => {
    const owner = openidFor('famOwner2');
    const son = openidFor('famSon2');
    const ownerPassId = await residentWithPass(owner, '赵建国');
    const { grantId } = dataOf(await accept(son, await invite(owner, '爸爸'))).pass;

    now = new Date(START.getTime() + 2 * HOUR);
    await expect(revoke(owner, grantId)).resolves.toEqual({ ok: true, data: { revoked: true } });
    await expect(familyPasses(son)).resolves.toEqual([]);
    await expect(familyGrants(owner)).resolves.toEqual([]);

    const entries = await auditOf({ 'target.id': ownerPassId });
    expect(entries.map((entry) => entry.action)).toEqual(['family.grant', 'family.revoke']);
    expect(entries[1]).toMatchObject({
      at: now,
      actor: { openid: owner, roles: ['resident'] },
      details: { grantId, grantee: maskOpenid(son), grantedAt: START.getTime() },
    });

    // Revoked is gone: revoking again finds nothing, and the family member can be invited anew.
    await expectRefusedWithoutWrites(() => revoke(owner, grantId), 'NOT_FOUND');
    await expect(accept(son, await invite(owner, '爸爸'))).resolves.toMatchObject({ ok: true });
  });

  test("nobody but the owner can revoke a grant: a stranger, the family member and a passless account get NOT_FOUND", async () => {
    const owner = openidFor('famOwner3');
    const aunt = openidFor('famAunt3');
    await residentWithPass(owner, '孙丽');
    const { grantId } = dataOf(await accept(aunt, await invite(owner, '姐姐'))).pass;
    const stranger = openidFor('famStranger3');
    await residentWithPass(stranger, '周强');

    for (const someone of [stranger, aunt, openidFor('famNoPass3')]) {
      await expectRefusedWithoutWrites(() => revoke(someone, grantId), 'NOT_FOUND');
    }
    // The same answer as for an id that never existed: nothing tells the stranger the grant is real.
    const unknown = await revoke(stranger, 'no-such-grant');
    const real = await revoke(stranger, grantId);
    expect(real).toEqual(unknown);
    await expect(familyPasses(aunt)).resolves.toHaveLength(1);
  });

  test('a code works once: used again, by anyone, it is CODE_INVALID and nothing is written', async () => {
    const owner = openidFor('famOwner4');
    const first = openidFor('famFirst4');
    await residentWithPass(owner, '吴芳');
    const code = await invite(owner, '外婆');
    await expect(accept(first, code)).resolves.toMatchObject({ ok: true });

    await expectRefusedWithoutWrites(() => accept(openidFor('famSecond4'), code), 'CODE_INVALID');
    await expectRefusedWithoutWrites(() => accept(first, code), 'CODE_INVALID');
    await expectRefusedWithoutWrites(() => accept(first, 'ABCD-EFG'), 'CODE_INVALID');
    expect((await familyOf(dataOf(await call('resident', { action: 'myPass' }, owner)).passId))?.members).toHaveLength(1);
  });

  test('the same code accepted by three accounts at once: one grant, the others CODE_INVALID', async () => {
    const owner = openidFor('famOwner4b');
    const passId = await residentWithPass(owner, '何敏');
    const code = await invite(owner, '舅舅');
    const accounts = [1, 2, 3].map((n) => openidFor(`famRacer4b${n}`));
    const results = await Promise.all(accounts.map((account) => accept(account, code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(['CODE_INVALID', 'CODE_INVALID']);
    expect((await familyOf(passId))?.members).toHaveLength(1);
    expect(await auditOf({ action: 'family.grant', 'target.id': passId })).toHaveLength(1);
  });

  test('an invitation expires after 24 hours', async () => {
    const owner = openidFor('famOwner5');
    await residentWithPass(owner, '郑华');
    const code = await invite(owner);
    now = new Date(START.getTime() + 24 * HOUR);
    await expectRefusedWithoutWrites(() => accept(openidFor('famLate5'), code), 'CODE_INVALID');
  });

  test('refusals write nothing: own invitation, already displayable, no pass, a bad label', async () => {
    const owner = openidFor('famOwner6');
    const husband = openidFor('famHusband6');
    await residentWithPass(owner, '陈静');

    const own = await invite(owner, '老公');
    await expectRefusedWithoutWrites(() => accept(owner, own), 'INVALID_STATE');
    // The refused attempt did not use the code up: the family member it was meant for still can.
    await expect(accept(husband, own)).resolves.toMatchObject({ ok: true });

    const again = await invite(owner, '老公');
    await expectRefusedWithoutWrites(() => accept(husband, again), 'INVALID_STATE');
    await expect(familyPasses(husband)).resolves.toHaveLength(1);

    await expectRefusedWithoutWrites(() => call('resident', { action: 'familyInvite', label: '妈妈' }, openidFor('famNoPass6')), 'NO_PASS');
    await expectRefusedWithoutWrites(() => call('resident', { action: 'familyGrants' }, openidFor('famNoPass6')), 'NO_PASS');
    for (const label of ['', '一二三四五六七八九十一', '<img src=x>']) {
      await expectRefusedWithoutWrites(() => call('resident', { action: 'familyInvite', label }, owner), 'INVALID_REQUEST');
    }
  });

  test('a cancelled pass: no new invitation or acceptance, and family members no longer list it; the grants stay with the pass', async () => {
    const owner = openidFor('famOwner7');
    const niece = openidFor('famNiece7');
    const passId = await residentWithPass(owner, '冯娟');
    await accept(niece, await invite(owner, '姑姑'));
    const pending = await invite(owner, '姑父');

    await database().collection(COLLECTIONS.passes).doc(passId).update({ status: 'cancelled', updatedAt: now });

    await expect(familyPasses(niece)).resolves.toEqual([]);
    await expectRefusedWithoutWrites(() => accept(openidFor('famUncle7'), pending), 'INVALID_STATE');
    await expectRefusedWithoutWrites(() => call('resident', { action: 'familyInvite', label: '姑父' }, owner), 'INVALID_STATE');
    await expect(familyGrants(owner)).resolves.toHaveLength(1);
  });

  test('an invitation made before the pass moved to another account is void; grants made before stay with the pass', async () => {
    const lostPhone = openidFor('famLost8');
    const newPhone = openidFor('famNew8');
    const brother = openidFor('famBrother8');
    const passId = await residentWithPass(lostPhone, '蒋伟');
    await accept(brother, await invite(lostPhone, '哥哥'));
    const pending = await invite(lostPhone, '弟弟');

    // What a rebind leaves behind (the rebind action itself belongs to the printed-pass area).
    await database().collection(COLLECTIONS.passes).doc(passId).update({ openid: newPhone, updatedAt: now });
    await database().collection(COLLECTIONS.accounts).doc(lostPhone).remove();
    await database().collection(COLLECTIONS.accounts).add({ _id: newPhone, passId, boundAt: now });

    await expectRefusedWithoutWrites(() => accept(openidFor('famOther8'), pending), 'CODE_INVALID');
    await expect(familyPasses(brother)).resolves.toMatchObject([{ passId, label: '哥哥' }]);
    const [grant] = await familyGrants(newPhone);
    await expectRefusedWithoutWrites(() => revoke(lostPhone, grant.grantId), 'NOT_FOUND');
    await expect(revoke(newPhone, grant.grantId)).resolves.toEqual({ ok: true, data: { revoked: true } });
  });

  test(`${FAMILY_LIMIT + 1} family members accepting at once: exactly ${FAMILY_LIMIT} grants, the last told the limit`, async () => {
    const owner = openidFor('famOwner9');
    const passId = await residentWithPass(owner, '韩梅梅');
    const members = Array.from({ length: FAMILY_LIMIT + 1 }, (_, index) => openidFor(`famMember9x${index}`));
    const codes = await Promise.all(members.map((_, index) => invite(owner, `家人${index + 1}`)));

    const results = await Promise.all(members.map((member, index) => accept(member, codes[index])));
    expect(results.filter((result) => result.ok)).toHaveLength(FAMILY_LIMIT);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, code: 'LIMIT_REACHED', message: expect.stringContaining(`${FAMILY_LIMIT} 位家人`) }]);

    const family = await familyOf(passId);
    const granted = members.filter((_, index) => results[index].ok);
    expect(family?.members.map((member) => member.openid).sort()).toEqual([...granted].sort());
    expect(await auditOf({ action: 'family.grant', 'target.id': passId })).toHaveLength(FAMILY_LIMIT);
    // The refused acceptance used nothing: its code is still open.
    const refusedIndex = results.findIndex((result) => !result.ok);
    await expect(familyGrants(owner)).resolves.toHaveLength(FAMILY_LIMIT);
    await expectRefusedWithoutWrites(() => call('resident', { action: 'familyInvite', label: '表妹' }, owner), 'LIMIT_REACHED');

    // Room again after a revocation: the same code now works.
    const [first] = await familyGrants(owner);
    await revoke(owner, first.grantId);
    await expect(accept(members[refusedIndex], codes[refusedIndex])).resolves.toMatchObject({ ok: true, data: { pass: { label: `家人${refusedIndex + 1}` } } });
    expect((await familyOf(passId))?.members).toHaveLength(FAMILY_LIMIT);
  });
});

describe('guardians of printed passes', () => {
  test('staff link a guardian to a printed pass with the account code the guardian shows; audited with the reason', async () => {
    const guardian = openidFor('famGuardian10');
    const passId = await printedPass('钱桂英');
    const reason = '老人无智能手机，女儿代为出示，已核对户口簿';

    const linked = dataOf(await linkGuardian(STAFF, { passId, accountCode: await accountCodeOf(guardian), label: '妈妈', reason }));
    expect(linked.grant).toEqual({ grantId: expect.any(String), label: '妈妈', accountMasked: maskOpenid(guardian), grantedAt: now.getTime() });

    const shown: FamilyPassView[] = await familyPasses(guardian);
    expect(shown).toEqual([expect.objectContaining({ passId, nameMasked: '钱*英', label: '妈妈', origin: 'staff', grantId: linked.grant.grantId, photoUrl: null })]);
    await expectOnePassPerPersonAndAccount();

    const [entry] = await auditOf({ action: 'family.grant', 'target.id': passId });
    expect(entry).toMatchObject({
      actor: { openid: STAFF, roles: ['resident', 'staff'] },
      reason,
      details: { grantId: linked.grant.grantId, grantee: maskOpenid(guardian), grantedBy: maskOpenid(STAFF), via: 'guardian' },
    });

    // An admin may link too; a second guardian with the same code is not possible.
    const code = await accountCodeOf(openidFor('famGuardian10b'));
    await expect(linkGuardian(ADMIN, { passId, accountCode: code, label: '儿子', reason })).resolves.toMatchObject({ ok: true });
    await expectRefusedWithoutWrites(() => linkGuardian(ADMIN, { passId, accountCode: code, label: '儿子', reason }), 'CODE_INVALID');
    await expect(familyPasses(openidFor('famGuardian10b'))).resolves.toMatchObject([{ passId, label: '儿子' }]);
  });

  test('refused without writes: a resident, a pass an account holds, an unknown or cancelled pass, a guardian already linked, no reason', async () => {
    const guardian = openidFor('famGuardian11');
    const code = await accountCodeOf(guardian);
    const reason = '代为出示';
    const held = await residentWithPass(openidFor('famHolder11'), '沈洁');
    const printed = await printedPass('杨秀兰');

    await expectRefusedWithoutWrites(() => linkGuardian(openidFor('famHolder11'), { passId: printed, accountCode: code, label: '妈妈', reason }), 'FORBIDDEN');
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: held, accountCode: code, label: '妈妈', reason }), 'INVALID_STATE');
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: 'no-such-pass', accountCode: code, label: '妈妈', reason }), 'NOT_FOUND');
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: printed, accountCode: code, label: '妈妈', reason: '无' }), 'INVALID_REQUEST');
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: printed, accountCode: code, label: '妈妈<>', reason }), 'INVALID_REQUEST');

    // The account code survived every refusal.
    await expect(linkGuardian(STAFF, { passId: printed, accountCode: code, label: '妈妈', reason })).resolves.toMatchObject({ ok: true });
    const again = await accountCodeOf(guardian);
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: printed, accountCode: again, label: '妈妈', reason }), 'INVALID_STATE');

    const cancelled = await printedPass('朱玉兰');
    await database().collection(COLLECTIONS.passes).doc(cancelled).update({ status: 'cancelled', updatedAt: now });
    await expectRefusedWithoutWrites(() => linkGuardian(STAFF, { passId: cancelled, accountCode: again, label: '外婆', reason }), 'INVALID_STATE');
  });
});

describe('audit', () => {
  test('every grant on file has its family.grant entry, and every revocation names an audited grant', async () => {
    const families = await documentsOf<FamilyCircleDocument>(COLLECTIONS.familyGrants);
    const granted = new Set((await auditOf({ action: 'family.grant' })).map((entry) => entry.details.grantId));
    const revoked = (await auditOf({ action: 'family.revoke' })).map((entry) => entry.details.grantId);
    const onFile = families.flatMap((family) => family.members.map((member) => member.grantId));
    expect(onFile.length).toBeGreaterThan(0);
    for (const grantId of onFile) expect(granted).toContain(grantId);
    for (const grantId of revoked) {
      expect(granted).toContain(grantId);
      expect(onFile).not.toContain(grantId);
    }
    expect(granted.size).toBe(onFile.length + revoked.length);
  });
});
