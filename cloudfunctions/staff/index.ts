import { z } from 'zod';
import type { RoleGrant } from '../../typings/contract';
import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { maskOpenid, type RoleDocument } from '../shared/roles';
import { COLLECTIONS } from '../shared/schema';

/** Turns one account's grants document into the list staff see, one row per role. */
export function grantsOf(document: RoleDocument): RoleGrant[] {
  const account = maskOpenid(document._id);
  const rows: RoleGrant[] = [];
  if (document.guard) {
    rows.push({ account, role: 'guard', checkpointId: document.guard.checkpointId, grantedAt: document.guard.grantedAt.getTime() });
  }
  if (document.staff) {
    rows.push({ account, role: 'staff', district: document.staff.district, grantedAt: document.staff.grantedAt.getTime() });
  }
  return rows;
}

/** Actions of community staff and administrators. */
export const staffActions: ActionTable<'staff'> = {
  roles: {
    params: z.strictObject({ role: z.enum(['guard', 'staff']).optional() }),
    allow: ['staff', 'admin'],
    async run({ role }, { db }) {
      const collection = db.collection(COLLECTIONS.roles);
      const query = role ? collection.where({ [role]: db.command.exists(true) }) : collection;
      const { data } = await query.limit(100).get();
      const grants = (data as RoleDocument[]).flatMap(grantsOf).filter((grant) => !role || grant.role === role);
      return { grants: grants.sort((a, b) => b.grantedAt - a.grantedAt) };
    },
  },
};

export const createStaff = (platform: Platform) => callableFunction('staff', staffActions, platform);
export const main = createStaff(cloudPlatform);
