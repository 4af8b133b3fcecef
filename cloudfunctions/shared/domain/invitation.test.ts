import type { Role } from '../../../typings/contract';
import type { RoleDocument } from '../roles';
import {
  grantDetails,
  grantedDocument,
  invitationDetails,
  invitationReason,
  mayManage,
  revokeDetails,
  revokedDocument,
  type Redemption,
  type RoleInvitation,
} from './invitation';

const ACCOUNT = 'oAccount0000000000000000A001';
const INVITER = 'oInviter0000000000000000I001';
const earlier = new Date('2026-11-01T00:00:00Z');
const now = new Date('2026-11-27T02:00:00Z');
const gate: RoleInvitation = { invitationId: 'inv-1', role: 'guard', checkpointId: 'cp-east', checkpointName: '幸福小区东门' };
const district: RoleInvitation = { invitationId: 'inv-2', role: 'staff', district: '徐汇区' };
const redemption = (invitation: RoleInvitation): Redemption => ({ openid: ACCOUNT, invitation, invitedBy: INVITER, now });
const asGuard: RoleDocument = { _id: ACCOUNT, guard: { checkpointId: 'cp-west', checkpointName: '幸福小区西门', grantedAt: earlier, grantedBy: 'oOld' } };

describe('who may manage which role', () => {
  test.each<[Role[], boolean, boolean]>([
    [['resident'], false, false],
    [['resident', 'guard'], false, false],
    [['resident', 'staff'], true, false],
    [['resident', 'admin'], true, true],
    [['resident', 'guard', 'staff', 'admin'], true, true],
  ])('%j: guards %s, staff %s', (roles, guards, staff) => {
    expect(mayManage(roles, 'guard')).toBe(guards);
    expect(mayManage(roles, 'staff')).toBe(staff);
  });
});

describe('granting', () => {
  test('a first grant creates the document with who granted it and when', () => {
    expect(grantedDocument(undefined, redemption(gate))).toEqual({
      _id: ACCOUNT,
      guard: { checkpointId: 'cp-east', checkpointName: '幸福小区东门', grantedAt: now, grantedBy: INVITER },
    });
  });

  test('a grant of another role keeps the role held', () => {
    expect(grantedDocument(asGuard, redemption(district))).toEqual({ ...asGuard, staff: { district: '徐汇区', grantedAt: now, grantedBy: INVITER } });
  });

  test('a grant of the same role replaces it, and the details say what it replaced', () => {
    expect(grantedDocument(asGuard, redemption(gate)).guard?.checkpointId).toBe('cp-east');
    expect(grantDetails(asGuard, redemption(gate))).toEqual({
      role: 'guard',
      checkpointId: 'cp-east',
      checkpointName: '幸福小区东门',
      invitationId: 'inv-1',
      invitedBy: 'oInv…I001',
      replaced: 'cp-west',
    });
    expect(grantDetails(asGuard, redemption(district))).toMatchObject({ role: 'staff', district: '徐汇区', replaced: null });
  });

  test('an invitation is described by what it offers, never by its code', () => {
    expect(invitationReason(gate)).toContain('幸福小区东门');
    expect(invitationReason(district)).toContain('徐汇区');
    expect(invitationDetails(district, 1234)).toEqual({ role: 'staff', district: '徐汇区', expiresAt: 1234 });
  });
});

describe('revoking', () => {
  const both: RoleDocument = { ...asGuard, staff: { district: '松江区', grantedAt: earlier, grantedBy: INVITER } };

  test('the other role stays; with none left the document goes', () => {
    expect(revokedDocument(both, 'guard')).toEqual({ _id: ACCOUNT, staff: both.staff });
    expect(revokedDocument(both, 'staff')).toEqual(asGuard);
    expect(revokedDocument(asGuard, 'guard')).toBeNull();
  });

  test('the details keep what the revoked grant was', () => {
    expect(revokeDetails('staff', both.staff!)).toEqual({ role: 'staff', district: '松江区', grantedBy: 'oInv…I001', grantedAt: earlier.getTime() });
  });
});
