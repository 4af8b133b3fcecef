import { database } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { GuardPost } from '../../typings/contract';
import { dataOf, type callerOf } from './call';
import { openidFor, syntheticIdNumber } from './people';

const GRANTED_AT = new Date('2026-11-01T00:00:00Z');
const GRANTED_BY = openidFor('test-admin');

/** Posts an account as a guard at a checkpoint, as a redeemed invitation would. */
export async function grantGuard(openid: string, post: GuardPost): Promise<void> {
  await database().collection(COLLECTIONS.roles).doc(openid).set({ guard: { ...post, grantedAt: GRANTED_AT, grantedBy: GRANTED_BY } });
}

/** Makes an account community staff of a district. */
export async function grantStaff(openid: string, district = '松江区'): Promise<void> {
  await database().collection(COLLECTIONS.roles).doc(openid).set({ staff: { district, grantedAt: GRANTED_AT, grantedBy: GRANTED_BY } });
}

/**
 * Residents who apply for their own pass, each on a fresh account with a fresh synthetic ID number; `label`
 * names the accounts (openidFor keeps 28 characters, so keep it short).
 */
export function applicants(call: ReturnType<typeof callerOf>, label: string) {
  let sequence = 0;
  return async (name = '王小明') => {
    sequence++;
    const openid = openidFor(`${label}-${sequence}-r`);
    const idNumber = syntheticIdNumber(sequence);
    const { pass } = dataOf(await call('resident', { action: 'apply', name, idNumber }, openid));
    return { openid, idNumber, pass };
  };
}
