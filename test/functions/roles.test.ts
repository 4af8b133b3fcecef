import { cloudPlatform, type CallableMain, type Platform } from '../../cloudfunctions/shared/handler';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { createResident } from '../../cloudfunctions/resident';
import { createGuard } from '../../cloudfunctions/guard';
import { createStaff } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../support/emulator';

/** Functions as deployed, through the real node-sdk against the emulator; only the admin list is local. */
const platform: Platform = { ...cloudPlatform, config: () => ({ adminOpenids: new Set(['o-admin']) }) };
const functions: Record<string, CallableMain> = {
  resident: createResident(platform),
  guard: createGuard(platform),
  staff: createStaff(platform),
};

const ACCOUNTS = ['o-resident', 'o-guard', 'o-staff', 'o-admin'] as const;

/** Who may call what, written out by hand so that a change to any `allow` list shows up here. */
const MATRIX: Array<[string, Record<string, unknown>, Record<(typeof ACCOUNTS)[number], boolean>]> = [
  ['resident', { action: 'session' }, { 'o-resident': true, 'o-guard': true, 'o-staff': true, 'o-admin': true }],
  ['guard', { action: 'post' }, { 'o-resident': false, 'o-guard': true, 'o-staff': false, 'o-admin': false }],
  ['staff', { action: 'roles' }, { 'o-resident': false, 'o-guard': false, 'o-staff': true, 'o-admin': true }],
];

let emulator: RunningEmulator;
const grantedAt = new Date('2026-11-01T00:00:00Z');

beforeAll(async () => {
  emulator = await startTestEmulator();
  const roles = database().collection(COLLECTIONS.roles);
  await roles.doc('o-guard').set({ guard: { checkpointId: 'cp-1', checkpointName: '幸福小区东门', grantedAt, grantedBy: 'o-admin' } });
  await roles.doc('o-staff').set({ staff: { district: '松江区', grantedAt, grantedBy: 'o-admin' } });
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
    expect(await roles('o-resident')).toEqual(['resident']);
    expect(await roles('o-guard')).toEqual(['resident', 'guard']);
    expect(await roles('o-staff')).toEqual(['resident', 'staff']);
    expect(await roles('o-admin')).toEqual(['resident', 'admin']);
  });

  test('a guard learns the checkpoint it is posted at', async () => {
    await expect(call('guard', { action: 'post' }, 'o-guard')).resolves.toEqual({
      ok: true,
      data: { checkpointId: 'cp-1', checkpointName: '幸福小区东门' },
    });
  });

  test('staff list grants with masked accounts, filtered by role', async () => {
    const all = await call('staff', { action: 'roles' }, 'o-staff');
    expect(all.ok && all.data).toEqual({
      grants: expect.arrayContaining([
        { account: 'o-gu…uard', role: 'guard', checkpointId: 'cp-1', grantedAt: grantedAt.getTime() },
        { account: 'o-st…taff', role: 'staff', district: '松江区', grantedAt: grantedAt.getTime() },
      ]),
    });
    const guards = await call('staff', { action: 'roles', role: 'guard' }, 'o-admin');
    expect(guards.ok && (guards.data as { grants: Array<{ role: string }> }).grants.map((grant) => grant.role)).toEqual(['guard']);
    await expect(call('staff', { action: 'roles', role: 'mayor' }, 'o-admin')).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });
});
