import { cloudPlatform, type CallableMain, type Platform } from '../../cloudfunctions/shared/handler';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { createResident } from '../../cloudfunctions/resident';
import { createGuard } from '../../cloudfunctions/guard';
import { createStaff } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../support/emulator';


/** Openids are 28 characters in WeChat; the masked form depends on it. */
const ACCOUNTS = ['oResident0000000000000000001', 'oGuard000000000000000000001', 'oStaff000000000000000000001', 'oAdmin000000000000000000001'] as const;
const [RESIDENT, GUARD, STAFF, ADMIN] = ACCOUNTS;

/** Functions as deployed, through the real node-sdk against the emulator; only the admin list is local. */
const platform: Platform = { ...cloudPlatform, config: () => ({ adminOpenids: new Set([ADMIN]) }) };
const functions: Record<string, CallableMain> = {
  resident: createResident(platform),
  guard: createGuard(platform),
  staff: createStaff(platform),
};

/** Who may call what, written out by hand so that a change to any `allow` list shows up here. */
const MATRIX: Array<[string, Record<string, unknown>, Record<string, boolean>]> = [
  ['resident', { action: 'session' }, { [RESIDENT]: true, [GUARD]: true, [STAFF]: true, [ADMIN]: true }],
  ['guard', { action: 'post' }, { [RESIDENT]: false, [GUARD]: true, [STAFF]: false, [ADMIN]: false }],
  ['staff', { action: 'roles' }, { [RESIDENT]: false, [GUARD]: false, [STAFF]: true, [ADMIN]: true }],
];

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
  for (const [fn, event, allowed] of MATRIX) {
    for (const account of ACCOUNTS) {
      test(`${fn}.${String(event.action)} by ${account}: ${allowed[account] ? 'allowed' : 'FORBIDDEN'}`, async () => {
        const result = await call(fn, event, account);
        if (allowed[account]) expect(result.ok).toBe(true);
        else expect(result).toEqual({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('权限') });
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
        { account: 'oGua…0001', role: 'guard', checkpointId: 'cp-1', grantedAt: grantedAt.getTime() },
        { account: 'oSta…0001', role: 'staff', district: '松江区', grantedAt: grantedAt.getTime() },
      ]),
    });
    const guards = await call('staff', { action: 'roles', role: 'guard' }, ADMIN);
    expect(guards.ok && (guards.data as { grants: Array<{ role: string }> }).grants.map((grant) => grant.role)).toEqual(['guard']);
    await expect(call('staff', { action: 'roles', role: 'mayor' }, ADMIN)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });
});
