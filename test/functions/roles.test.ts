import type { CallableMain } from '../../cloudfunctions/shared/handler';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';
import { createResident, residentActions } from '../../cloudfunctions/resident';
import { createGuard, guardActions } from '../../cloudfunctions/guard';
import { createStaff, staffActions } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../support/emulator';
import { testPlatform } from '../support/platform';

/** Openids are 28 characters in WeChat; the masked form depends on it. */
const ACCOUNTS = ['oResident0000000000000000001', 'oGuard000000000000000000001', 'oStaff000000000000000000001', 'oAdmin000000000000000000001'] as const;
const [RESIDENT, GUARD, STAFF, ADMIN] = ACCOUNTS;

/** Functions as deployed, through the real node-sdk against the emulator; only the configuration is local. */
const platform = testPlatform({ admins: [ADMIN], env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001') } });
const functions: Record<string, CallableMain> = {
  resident: createResident(platform),
  guard: createGuard(platform),
  staff: createStaff(platform),
};

const ALL = { [RESIDENT]: true, [GUARD]: true, [STAFF]: true, [ADMIN]: true };
const STAFF_AND_ADMIN = { [RESIDENT]: false, [GUARD]: false, [STAFF]: true, [ADMIN]: true };
const ADMIN_ONLY = { [RESIDENT]: false, [GUARD]: false, [STAFF]: false, [ADMIN]: true };
const GUARD_ONLY = { [RESIDENT]: false, [GUARD]: true, [STAFF]: false, [ADMIN]: false };
const NOBODY_ELSE = 'oNobody'.padEnd(28, '0');

/**
 * Who may call what, written out by hand so that a change to any `allow` list (or to a rule an action checks
 * itself, like staff inviting staff) shows up here. Every action of every function has at least one row.
 */
const MATRIX: Array<[string, Record<string, unknown>, Record<string, boolean>]> = [
  ['resident', { action: 'session' }, ALL],
  ['resident', { action: 'myPass' }, ALL],
  ['resident', { action: 'colourHistory' }, ALL],
  ['resident', { action: 'apply', name: '张三', idNumber: 'x' }, ALL],
  ['resident', { action: 'startFaceVerification', name: '张三', idNumber: 'x' }, ALL],
  ['resident', { action: 'redeemInvitation', code: 'ABCDEFGH' }, ALL],
  ['resident', { action: 'accountCode' }, ALL],
  ['resident', { action: 'familyInvite', label: '妈妈' }, ALL],
  ['resident', { action: 'familyAccept', code: 'ABCDEFGH' }, ALL],
  ['resident', { action: 'familyGrants' }, ALL],
  ['resident', { action: 'familyRevoke', grantId: 'no-such-grant' }, ALL],
  ['resident', { action: 'familyPasses' }, ALL],
  ['resident', { action: 'code' }, ALL],
  ['resident', { action: 'familyCode', grantId: 'no-such-grant' }, ALL],
  ['resident', { action: 'appealSubmit', category: 'other', description: '矩阵测试：通行码颜色不对', images: [] }, ALL],
  ['resident', { action: 'appealMine' }, ALL],
  ['resident', { action: 'appealAddInfo', appealId: 'no-such-appeal', text: '矩阵测试' }, ALL],
  ['resident', { action: 'appealWithdraw', appealId: 'no-such-appeal' }, ALL],
  ['resident', { action: 'checkIn', scene: 'no-such-venue' }, ALL],
  ['guard', { action: 'post' }, GUARD_ONLY],
  // Anyone may scan a code (a plain WeChat camera scan opens the verifier); only guards see the person.
  ['guard', { action: 'verify', scanned: 'not a code' }, ALL],
  ['guard', { action: 'keySet' }, GUARD_ONLY],
  ['guard', { action: 'uploadScans', scans: [] }, GUARD_ONLY],
  ['guard', { action: 'reportFollowUp', scanId: 'no-such-scan' }, GUARD_ONLY],
  ['staff', { action: 'roles' }, STAFF_AND_ADMIN],
  ['staff', { action: 'createInvitation', role: 'guard', checkpointId: 'cp-9', checkpointName: '矩阵测试门' }, STAFF_AND_ADMIN],
  ['staff', { action: 'createInvitation', role: 'staff', district: '松江区' }, ADMIN_ONLY],
  ['staff', { action: 'revokeRole', accountId: NOBODY_ELSE, role: 'guard', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'revokeRole', accountId: NOBODY_ELSE, role: 'staff', reason: '矩阵测试' }, ADMIN_ONLY],
  ['staff', { action: 'auditLog' }, STAFF_AND_ADMIN],
  ['staff', { action: 'findPass', idNumber: 'x', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'issuePrintedPass', name: '张三', idNumber: 'x', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'reprintCard', passId: 'no-such-pass', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'cancelPass', passId: 'no-such-pass', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'restorePass', passId: 'no-such-pass', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'movePassToAccount', passId: 'no-such-pass', accountCode: 'ABCDEFGH', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'rebindPass', passId: 'no-such-pass', accountCode: 'ABCDEFGH', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'linkGuardian', passId: 'no-such-pass', accountCode: 'ABCDEFGH', label: '妈妈', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'importLegacy', records: [] }, STAFF_AND_ADMIN],
  ['staff', { action: 'followUps' }, STAFF_AND_ADMIN],
  ['staff', { action: 'closeFollowUp', followUpId: 'no-such-follow-up', note: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'printCard', passId: 'no-such-pass', reason: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealQueue' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealGet', appealId: 'no-such-appeal' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealClaim', appealId: 'no-such-appeal' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealRequestInfo', appealId: 'no-such-appeal', question: '矩阵测试问题' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealDecide', appealId: 'no-such-appeal', decision: 'reject', reply: '矩阵测试答复' }, STAFF_AND_ADMIN],
  ['staff', { action: 'appealApprove', appealId: 'no-such-appeal', approve: true, note: '矩阵测试' }, STAFF_AND_ADMIN],
  ['staff', { action: 'dashboard' }, STAFF_AND_ADMIN],
  ['staff', { action: 'registerVenue', name: '矩阵测试场所', district: '松江区' }, STAFF_AND_ADMIN],
  ['staff', { action: 'venues' }, STAFF_AND_ADMIN],
  ['staff', { action: 'venuePoster', venueId: 'no-such-venue' }, STAFF_AND_ADMIN],
];

/** Answers that mean the call did not get past the handler's checks, which an allowed caller must never see. */
const NOT_RUN = ['FORBIDDEN', 'UNKNOWN_ACTION', 'INVALID_REQUEST', 'UNAUTHENTICATED', 'INTERNAL'];

let emulator: RunningEmulator;
const grantedAt = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  emulator = await startTestEmulator();
  const roles = database().collection(COLLECTIONS.roles);
  await roles.doc(GUARD).set({ guard: { checkpointId: 'cp-1', checkpointName: '幸福小区东门', grantedAt, grantedBy: ADMIN } });
  await roles.doc(STAFF).set({ staff: { district: '松江区', grantedAt, grantedBy: ADMIN } });
});
afterAll(() => emulator.close());

const call = (fn: string, event: Record<string, unknown>, openid: string) => functions[fn](event, invocationContext(fn, { openid }));

describe('role matrix of every action', () => {
  test('every action of every function has a row', () => {
    const tables: Record<string, object> = { resident: residentActions, guard: guardActions, staff: staffActions };
    const actions = Object.entries(tables).flatMap(([fn, table]) => Object.keys(table).map((action) => `${fn}.${action}`));
    const rows = new Set(MATRIX.map(([fn, event]) => `${fn}.${String(event.action)}`));
    expect(actions.filter((action) => !rows.has(action))).toEqual([]);
    expect([...rows].filter((row) => !actions.includes(row))).toEqual([]);
  });

  for (const [fn, event, allowed] of MATRIX) {
    const variant = Object.entries(event).filter(([key]) => key === 'role').map(([, value]) => ` (${String(value)})`).join('');
    for (const account of ACCOUNTS) {
      test(`${fn}.${String(event.action)}${variant} by ${account}: ${allowed[account] ? 'allowed' : 'FORBIDDEN'}`, async () => {
        const result = await call(fn, event, account);
        // Allowed means the action ran: it may still refuse on its own terms (no pass yet, an invalid ID, an unknown code).
        if (allowed[account]) {
          if (!result.ok) expect(NOT_RUN).not.toContain(result.code);
        } else expect(result).toEqual({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('权限') });
      });
    }
  }
});

describe('actions', () => {
  test('session lists the roles each account holds, admin from configuration', async () => {
    const roles = async (openid: string) => {
      const result = await call('resident', { action: 'session' }, openid);
      return result.ok ? (result.data as { roles: string[] }).roles : result;
    };
    expect(await roles(RESIDENT)).toEqual(['resident']);
    expect(await roles(GUARD)).toEqual(['resident', 'guard']);
    expect(await roles(STAFF)).toEqual(['resident', 'staff']);
    expect(await roles(ADMIN)).toEqual(['resident', 'admin']);
  });

  test('a guard learns the checkpoint it is posted at', async () => {
    await expect(call('guard', { action: 'post' }, GUARD)).resolves.toEqual({
      ok: true,
      data: { checkpointId: 'cp-1', checkpointName: '幸福小区东门' },
    });
  });

  test('staff list grants with masked accounts, filtered by role', async () => {
    const all = await call('staff', { action: 'roles' }, STAFF);
    expect(all.ok && all.data).toEqual({
      grants: expect.arrayContaining([
        { accountId: GUARD, account: 'oGua…0001', role: 'guard', checkpointId: 'cp-1', grantedAt: grantedAt.getTime() },
        { accountId: STAFF, account: 'oSta…0001', role: 'staff', district: '松江区', grantedAt: grantedAt.getTime() },
      ]),
    });
    const guards = await call('staff', { action: 'roles', role: 'guard' }, ADMIN);
    expect(guards.ok && (guards.data as { grants: Array<{ role: string }> }).grants.map((grant) => grant.role)).toEqual(['guard']);
    await expect(call('staff', { action: 'roles', role: 'mayor' }, ADMIN)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });
});
