import type { Role } from '../../typings/contract';

/** Roles as a resident reads them. */
export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  guard: '查验员',
  staff: '社区工作人员',
  admin: '管理员',
};

/** Staff and admins serve at the community office: only they see the staff pages. */
export function isStaff(roles: readonly Role[]): boolean {
  return roles.includes('staff') || roles.includes('admin');
}
