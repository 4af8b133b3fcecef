import type { Role } from '../../typings/contract';

/** A WeChat account's grants, stored in the `roles` collection with the openid as document id. */
export interface RoleDocument {
  _id: string;
  guard?: { checkpointId: string; checkpointName: string; grantedAt: Date; grantedBy: string };
  staff?: { district: string; grantedAt: Date; grantedBy: string };
}

/** Everyone is a resident; guard and staff come from grants, admin from deployment configuration. */
export function rolesOf(openid: string, grants: RoleDocument | undefined, adminOpenids: ReadonlySet<string>): Role[] {
  const roles: Role[] = ['resident'];
  if (grants?.guard) roles.push('guard');
  if (grants?.staff) roles.push('staff');
  if (adminOpenids.has(openid)) roles.push('admin');
  return roles;
}

/** Shows enough of an openid for staff to tell accounts apart, not enough to impersonate one in a log. */
export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? '*'.repeat(openid.length) : `${openid.slice(0, 4)}…${openid.slice(-4)}`;
}
