import type { Role } from '../../../typings/contract';
import { maskOpenid, type RoleDocument } from '../roles';
import type { AuditDetails } from './audit';

/**
 * An invitation code can be redeemed for 72 hours: long enough to hand it over at the next shift or after
 * a weekend, short enough that a code written on a note does not stay a key to a role for long.
 */
export const INVITATION_LIFETIME_MS = 72 * 3_600_000;

export type GrantedRole = 'guard' | 'staff';

/** What a role invitation carries: the payload of a one-time code of purpose 'role'. */
export type RoleInvitation =
  | { invitationId: string; role: 'guard'; checkpointId: string; checkpointName: string }
  | { invitationId: string; role: 'staff'; district: string };

/** Staff look after guards; admins look after guards and staff. Admins themselves come from configuration. */
export function mayManage(callerRoles: readonly Role[], role: GrantedRole): boolean {
  return callerRoles.includes('admin') || (role === 'guard' && callerRoles.includes('staff'));
}

type Grant = Required<RoleDocument>[GrantedRole];

/** Where a grant applies, for audit details: a checkpoint for guards, a district for staff. */
function scopeOf(grant: RoleInvitation | Grant): AuditDetails {
  return 'checkpointId' in grant ? { checkpointId: grant.checkpointId, checkpointName: grant.checkpointName } : { district: grant.district };
}

/** The audit reason of creating an invitation: the contract gives it no free text, so it says what was offered. */
export function invitationReason(invitation: RoleInvitation): string {
  return invitation.role === 'guard' ? `邀请查验员，岗位：${invitation.checkpointName}` : `邀请工作人员，辖区：${invitation.district}`;
}

export function invitationDetails(invitation: RoleInvitation, expiresAt: number): AuditDetails {
  return { role: invitation.role, ...scopeOf(invitation), expiresAt };
}

export interface Redemption {
  openid: string;
  invitation: RoleInvitation;
  /** Openid of the staff member or admin who created the invitation. */
  invitedBy: string;
  now: Date;
}

/**
 * The account's grants after redeeming: the invited role is set (replacing an earlier grant of the same
 * role, e.g. a guard moved to another checkpoint), other roles kept.
 */
export function grantedDocument(existing: RoleDocument | undefined, redemption: Redemption): RoleDocument {
  const { openid, invitation, invitedBy, now } = redemption;
  const granted = { grantedAt: now, grantedBy: invitedBy };
  return invitation.role === 'guard'
    ? { ...existing, _id: openid, guard: { checkpointId: invitation.checkpointId, checkpointName: invitation.checkpointName, ...granted } }
    : { ...existing, _id: openid, staff: { district: invitation.district, ...granted } };
}

/** Who invited (masked like every openid shown to staff; the invitation's own entry holds the actor) and what replaced what. */
export function grantDetails(existing: RoleDocument | undefined, redemption: Redemption): AuditDetails {
  const { invitation, invitedBy } = redemption;
  const previous = existing?.[invitation.role];
  return {
    role: invitation.role,
    ...scopeOf(invitation),
    invitationId: invitation.invitationId,
    invitedBy: maskOpenid(invitedBy),
    // A grant of the same role that this one replaced: the checkpoint or district it used to apply to.
    replaced: previous ? ('checkpointId' in previous ? previous.checkpointId : previous.district) : null,
  };
}

/** The account's grants without `role`, or null when nothing is left (the document is then removed). */
export function revokedDocument(existing: RoleDocument, role: GrantedRole): RoleDocument | null {
  const remaining = { ...existing };
  delete remaining[role];
  return remaining.guard || remaining.staff ? remaining : null;
}

/** What the revoked grant was: where it applied, who granted it and when. */
export function revokeDetails(role: GrantedRole, grant: Grant): AuditDetails {
  return { role, ...scopeOf(grant), grantedBy: maskOpenid(grant.grantedBy), grantedAt: grant.grantedAt.getTime() };
}
