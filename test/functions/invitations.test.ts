import { createHash } from 'node:crypto';
import { database } from '../../cloudfunctions/shared/cloudbase';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { INVITATION_LIFETIME_MS } from '../../cloudfunctions/shared/domain/invitation';
import { oneTimeCodeId } from '../../cloudfunctions/shared/domain/one-time-code';
import { issueCode } from '../../cloudfunctions/shared/one-time-codes';
import type { RoleDocument } from '../../cloudfunctions/shared/roles';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { ParamsOf } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { openidFor } from '../support/people';
import { testPlatform } from '../support/platform';

/** 28 characters like WeChat's, each with its own masked form (`oSta…S001`). */
const accountOf = (prefix: string, tail: string) => prefix.padEnd(24, '0') + tail;
const STAFF = accountOf('oStaff', 'S001');
const OTHER_STAFF = accountOf('oStaff', 'S002');
const ADMIN = accountOf('oAdmin', 'A001');
const START = new Date('2026-11-27T02:00:00Z');
const HOUR = 3_600_000;

let now = START;
const platform = testPlatform({ admins: [ADMIN], clock: () => now });
const call = callerOf(platform);
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const roles = database().collection(COLLECTIONS.roles);
  for (const openid of [STAFF, OTHER_STAFF]) {
    await roles.doc(openid).set({ staff: { district: '松江区', grantedAt: START, grantedBy: ADMIN } });
  }
});
afterAll(() => emulator.close());
beforeEach(() => {
  now = START;
});

const GATE = { role: 'guard', checkpointId: 'cp-east', checkpointName: '幸福小区东门' } as const;

async function invite(by: string, params: ParamsOf<'staff', 'createInvitation'> = GATE): Promise<string> {
  return dataOf(await call('staff', { action: 'createInvitation', ...params }, by)).code;
}
const redeem = (openid: string, code: string) => call('resident', { action: 'redeemInvitation', code }, openid);
const rolesHeldBy = async (openid: string) => dataOf(await call('resident', { action: 'session' }, openid)).roles;
const revoke = (by: string, accountId: string, role: 'guard' | 'staff', reason = '离岗，收回查验权限') =>
  call('staff', { action: 'revokeRole', accountId, role, reason }, by);

async function countOf(collection: string, where: Record<string, unknown> = {}): Promise<number> {
  return (await database().collection(collection).where(where).count()).total;
}
async function auditOf(where: Record<string, unknown>): Promise<AuditEntry[]> {
  return (await database().collection(COLLECTIONS.audit).where(where).orderBy('at', 'asc').get()).data as AuditEntry[];
}
async function grantsDocument(openid: string): Promise<RoleDocument | undefined> {
  return ((await database().collection(COLLECTIONS.roles).doc(openid).get()).data as RoleDocument[])[0];
}
/** An event the contract does not allow, to see the function refuse it. */
const loose = (event: Record<string, unknown>) => event as never;

/** Everything a refused call could have written. */
async function writtenState() {
  return {
    codes: await countOf(COLLECTIONS.oneTimeCodes),
    audit: await countOf(COLLECTIONS.audit),
    roles: await countOf(COLLECTIONS.roles),
    used: await countOf(COLLECTIONS.oneTimeCodes, { redeemedAt: database().command.neq(null) }),
  };
}

describe('invitations', () => {
  test('staff invite a guard; the redeeming account becomes a guard at that checkpoint, audited both times', async () => {
    const guard = openidFor('newGuard');
    const invitation = dataOf(await call('staff', { action: 'createInvitation', ...GATE }, STAFF));
    expect(invitation.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(invitation.expiresAt).toBe(START.getTime() + 72 * HOUR);

    now = new Date(START.getTime() + HOUR);
    // Typed by a person: lower case, a dash in the middle.
    const typed = `${invitation.code.slice(0, 4)}-${invitation.code.slice(4)}`.toLowerCase();
    await expect(redeem(guard, typed)).resolves.toEqual({ ok: true, data: { roles: ['resident', 'guard'] } });
    expect(await rolesHeldBy(guard)).toEqual(['resident', 'guard']);
    await expect(call('guard', { action: 'post' }, guard)).resolves.toEqual({ ok: true, data: { checkpointId: 'cp-east', checkpointName: '幸福小区东门' } });
    expect(await grantsDocument(guard)).toEqual({
      _id: guard,
      guard: { checkpointId: 'cp-east', checkpointName: '幸福小区东门', grantedAt: now, grantedBy: STAFF },
    });

    const [created] = await auditOf({ action: 'invitation.create', 'actor.openid': STAFF });
    expect(created).toMatchObject({
      at: START,
      actor: { openid: STAFF, roles: ['resident', 'staff'] },
      target: { kind: 'invitation', id: expect.any(String) },
      reason: expect.stringContaining('幸福小区东门'),
      details: { role: 'guard', checkpointId: 'cp-east', checkpointName: '幸福小区东门', expiresAt: invitation.expiresAt },
    });
    const granted = await auditOf({ action: 'role.grant', 'target.id': guard });
    expect(granted).toEqual([
      {
        _id: expect.any(String),
        at: now,
        actor: { openid: guard, roles: ['resident'] },
        action: 'role.grant',
        target: { kind: 'account', id: guard },
        reason: '兑换邀请码',
        details: {
          role: 'guard',
          checkpointId: 'cp-east',
          checkpointName: '幸福小区东门',
          invitationId: created.target.id,
          invitedBy: 'oSta…S001',
          replaced: null,
        },
      },
    ]);
    // The log names the invitation, never the code that redeems it.
    expect(JSON.stringify([created, granted])).not.toContain(invitation.code);
  });

  test('admins invite staff for a district; the account keeps the roles it had', async () => {
    const guard = openidFor('guardThenStaff');
    await redeem(guard, await invite(STAFF));
    const code = await invite(ADMIN, { role: 'staff', district: '徐汇区' });
    await expect(redeem(guard, code)).resolves.toEqual({ ok: true, data: { roles: ['resident', 'guard', 'staff'] } });
    const listed = dataOf(await call('staff', { action: 'roles', role: 'staff' }, ADMIN)).grants;
    expect(listed).toContainEqual({ accountId: guard, account: 'ogua…0000', role: 'staff', district: '徐汇区', grantedAt: START.getTime() });
    const [granted] = await auditOf({ action: 'role.grant', 'target.id': guard, 'details.role': 'staff' });
    expect(granted.details).toMatchObject({ district: '徐汇区', invitedBy: 'oAdm…A001' });
    expect(granted.actor.roles).toEqual(['resident', 'guard']);
  });

  test('admins invite guards too', async () => {
    const guard = openidFor('adminsGuard');
    await expect(redeem(guard, await invite(ADMIN))).resolves.toMatchObject({ ok: true, data: { roles: ['resident', 'guard'] } });
    expect((await grantsDocument(guard))?.guard?.grantedBy).toBe(ADMIN);
  });

  test('a guard redeeming a new invitation moves to the new checkpoint; the entry says where from', async () => {
    const guard = openidFor('movedGuard');
    await redeem(guard, await invite(STAFF));
    now = new Date(START.getTime() + HOUR);
    await redeem(guard, await invite(OTHER_STAFF, { role: 'guard', checkpointId: 'cp-west', checkpointName: '幸福小区西门' }));
    await expect(call('guard', { action: 'post' }, guard)).resolves.toEqual({ ok: true, data: { checkpointId: 'cp-west', checkpointName: '幸福小区西门' } });
    const entries = await auditOf({ action: 'role.grant', 'target.id': guard });
    expect(entries.map((entry) => entry.details.replaced)).toEqual([null, 'cp-east']);
  });

  test('staff cannot invite staff: FORBIDDEN with what to do, and nothing is written', async () => {
    const before = await writtenState();
    const refused = await call('staff', { action: 'createInvitation', role: 'staff', district: '松江区' }, STAFF);
    expect(refused).toEqual({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('请联系管理员') });
    expect(await writtenState()).toEqual(before);
  });

  test.each([
    ['a guard invitation without its checkpoint name', { role: 'guard', checkpointId: 'cp-1' }],
    ['a one-character checkpoint name', { role: 'guard', checkpointId: 'cp-1', checkpointName: '门' }],
    ['a staff invitation with a checkpoint', { role: 'staff', district: '松江区', checkpointId: 'cp-1' }],
    ['an invitation to be admin', { role: 'admin', district: '松江区' }],
  ])('%s is INVALID_REQUEST and writes nothing', async (_label, params) => {
    const before = await writtenState();
    await expect(call('staff', loose({ action: 'createInvitation', ...params }), ADMIN)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await writtenState()).toEqual(before);
  });

  test('a code works once: redeemed again, by anyone, it is CODE_INVALID and changes nothing', async () => {
    const first = openidFor('firstRedeemer');
    const second = openidFor('secondRedeemer');
    const code = await invite(STAFF);
    await redeem(first, code);
    const before = await writtenState();
    for (const openid of [second, first]) {
      await expect(redeem(openid, code)).resolves.toEqual({ ok: false, code: 'CODE_INVALID', message: expect.stringContaining('已被使用') });
    }
    expect(await rolesHeldBy(second)).toEqual(['resident']);
    expect(await writtenState()).toEqual(before);
  });

  test('the same code redeemed by five accounts at once makes exactly one guard', async () => {
    const accounts = [1, 2, 3, 4, 5].map((n) => openidFor(`racer${n}`));
    const code = await invite(STAFF);
    const results = await Promise.all(accounts.map((openid) => redeem(openid, code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(Array(4).fill('CODE_INVALID'));
    const holders = [];
    for (const openid of accounts) if (await grantsDocument(openid)) holders.push(openid);
    expect(holders).toHaveLength(1);
    expect(await auditOf({ action: 'role.grant', 'target.id': database().command.in(accounts) })).toHaveLength(1);
    expect(results[accounts.indexOf(holders[0])]).toEqual({ ok: true, data: { roles: ['resident', 'guard'] } });
  });

  test('a code expires 72 hours after it was created', async () => {
    const early = await invite(STAFF);
    const late = await invite(STAFF);
    now = new Date(START.getTime() + INVITATION_LIFETIME_MS - 1);
    await expect(redeem(openidFor('justInTime'), early)).resolves.toMatchObject({ ok: true });
    now = new Date(START.getTime() + INVITATION_LIFETIME_MS);
    const before = await writtenState();
    await expect(redeem(openidFor('tooLate'), late)).resolves.toEqual({ ok: false, code: 'CODE_INVALID', message: expect.stringContaining('已过期') });
    expect(await rolesHeldBy(openidFor('tooLate'))).toEqual(['resident']);
    expect(await writtenState()).toEqual(before);
  });

  test.each([
    ['an unknown code', 'ABCDEFGH', '不正确'],
    ['a code of the wrong length', 'ABCDEFG', '8 位'],
    ['a code with look-alike characters', 'O0I1L234', '8 位'],
  ])('%s is CODE_INVALID and writes nothing but the attempt', async (_label, code, message) => {
    const before = await writtenState();
    await expect(redeem(openidFor('typo'), code)).resolves.toEqual({ ok: false, code: 'CODE_INVALID', message: expect.stringContaining(message) });
    expect(await writtenState()).toEqual(before);
  });

  test('a family or account code is not a role invitation', async () => {
    const { code } = await issueCode(database(), platform.config().oneTimeCodeKey(), { purpose: 'family', payload: {}, createdBy: STAFF, now: START, lifetimeMs: HOUR });
    await expect(redeem(openidFor('wrongPurpose'), code)).resolves.toMatchObject({ ok: false, code: 'CODE_INVALID' });
    expect(await grantsDocument(openidFor('wrongPurpose'))).toBeUndefined();
  });

  test('the database holds neither a code nor its plain SHA-256, only its keyed hash', async () => {
    const code = await invite(STAFF);
    const { data } = await database().collection(COLLECTIONS.oneTimeCodes).doc(oneTimeCodeId(platform.config().oneTimeCodeKey(), code)).get();
    expect(data).toHaveLength(1);
    const stored = JSON.stringify((await database().collection(COLLECTIONS.oneTimeCodes).limit(1000).get()).data);
    const sha256 = createHash('sha256').update(code).digest();
    for (const form of [code, sha256.toString('hex'), sha256.toString('base64'), sha256.toString('base64url')]) {
      expect(stored).not.toContain(form);
    }
  });

  test('a code issued under one key is not accepted under another', async () => {
    // Another deployment: testPlatform generates fresh keys.
    const otherKeys = callerOf(testPlatform({ admins: [ADMIN], clock: () => now }));
    const code = await invite(STAFF);
    await expect(otherKeys('resident', { action: 'redeemInvitation', code }, openidFor('otherKeys'))).resolves.toEqual({
      ok: false,
      code: 'CODE_INVALID',
      message: expect.stringContaining('不正确'),
    });
    await expect(redeem(openidFor('sameKeys'), code)).resolves.toMatchObject({ ok: true });
  });

  test('after 10 refused codes in a day an account must wait, even with a good code; the next day it may try again', async () => {
    const guesser = openidFor('guesser');
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(redeem(guesser, `ABCDEF${'23456789AB'[attempt]}2`)).resolves.toMatchObject({ code: 'CODE_INVALID' });
    }
    const good = await invite(STAFF);
    const limited = await redeem(guesser, good);
    expect(limited).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: expect.stringContaining('尝试次数过多') });
    const retryAt = Number(!limited.ok && limited.detail);
    expect(retryAt).toBeGreaterThan(now.getTime());
    expect(retryAt).toBeLessThanOrEqual(now.getTime() + 24 * HOUR);
    expect(await rolesHeldBy(guesser)).toEqual(['resident']);

    now = new Date(retryAt);
    await expect(redeem(guesser, good)).resolves.toMatchObject({ ok: true, data: { roles: ['resident', 'guard'] } });
  });
});

describe('revokeRole', () => {
  async function newGuard(label: string): Promise<string> {
    const openid = openidFor(label);
    dataOf(await redeem(openid, await invite(STAFF)));
    return openid;
  }

  test('staff revoke a guard: the role is gone, guard.post is FORBIDDEN, the act is audited with its reason', async () => {
    const guard = await newGuard('revokedGuard');
    now = new Date(START.getTime() + 2 * HOUR);
    await expect(revoke(OTHER_STAFF, guard, 'guard', '调离岗位')).resolves.toEqual({ ok: true, data: { revoked: true } });
    expect(await rolesHeldBy(guard)).toEqual(['resident']);
    await expect(call('guard', { action: 'post' }, guard)).resolves.toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await grantsDocument(guard)).toBeUndefined();
    expect(await auditOf({ action: 'role.revoke', 'target.id': guard })).toEqual([
      {
        _id: expect.any(String),
        at: now,
        actor: { openid: OTHER_STAFF, roles: ['resident', 'staff'] },
        action: 'role.revoke',
        target: { kind: 'account', id: guard },
        reason: '调离岗位',
        details: {
          role: 'guard',
          checkpointId: 'cp-east',
          checkpointName: '幸福小区东门',
          grantedBy: 'oSta…S001',
          grantedAt: START.getTime(),
        },
      },
    ]);
  });

  test('revoking a role the account does not hold answers revoked: false and writes nothing', async () => {
    const guard = await newGuard('twiceRevoked');
    await revoke(STAFF, guard, 'guard');
    const before = await writtenState();
    await expect(revoke(STAFF, guard, 'guard')).resolves.toEqual({ ok: true, data: { revoked: false } });
    await expect(revoke(ADMIN, openidFor('neverGranted'), 'staff')).resolves.toEqual({ ok: true, data: { revoked: false } });
    expect(await writtenState()).toEqual(before);
  });

  test('staff and admins revoking the same guard at once: one revokes, one entry', async () => {
    const guard = await newGuard('raceRevoked');
    const revokers = [STAFF, OTHER_STAFF, ADMIN, STAFF, OTHER_STAFF];
    const results = await Promise.all(revokers.map((by) => revoke(by, guard, 'guard')));
    expect(results.map((result) => dataOf(result).revoked).sort()).toEqual([false, false, false, false, true]);
    expect(await auditOf({ action: 'role.revoke', 'target.id': guard })).toHaveLength(1);
  });

  test('staff cannot revoke staff; admins can, and only the revoked role goes', async () => {
    const both = await newGuard('guardAndStaff');
    await redeem(both, await invite(ADMIN, { role: 'staff', district: '松江区' }));
    const before = await writtenState();
    await expect(revoke(STAFF, both, 'staff')).resolves.toEqual({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('请联系管理员') });
    expect(await writtenState()).toEqual(before);

    await expect(revoke(ADMIN, both, 'staff', '任期结束')).resolves.toEqual({ ok: true, data: { revoked: true } });
    expect(await rolesHeldBy(both)).toEqual(['resident', 'guard']);
    await expect(call('guard', { action: 'post' }, both)).resolves.toMatchObject({ ok: true });
  });

  test('an admin stays admin: the role comes from configuration and cannot be named here', async () => {
    const before = await writtenState();
    const refused = await call('staff', loose({ action: 'revokeRole', accountId: ADMIN, role: 'admin', reason: '测试撤销' }), ADMIN);
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('管理员由部署配置指定') });
    expect(await rolesHeldBy(ADMIN)).toEqual(['resident', 'admin']);
    expect(await writtenState()).toEqual(before);
  });

  test.each([
    ['no reason', ''],
    ['a one-character reason', '错'],
    ['spaces only', '    '],
    ['a reason over 200 characters', '原'.repeat(201)],
  ])('%s is INVALID_REQUEST and the role stays', async (_label, reason) => {
    const guard = await newGuard(`reason${reason.length}`);
    const before = await writtenState();
    await expect(revoke(STAFF, guard, 'guard', reason)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('reason') });
    expect(await rolesHeldBy(guard)).toEqual(['resident', 'guard']);
    expect(await writtenState()).toEqual(before);
  });
});
