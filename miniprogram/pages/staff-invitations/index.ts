import type { OneTimeCode, ParamsOf, RoleGrant } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingDate } from '../../utils/beijing-time';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { ROLE_LABELS } from '../../utils/roles';
import { elderMode } from '../../behaviors/elder-mode';

type InvitedRole = RoleGrant['role'];

interface InvitationForm {
  role: InvitedRole;
  checkpointId: string;
  checkpointName: string;
  district: string;
}

/** A grant as the list shows it. */
interface GrantRow extends RoleGrant {
  key: string;
  roleLabel: string;
  /** Where the role applies: the guard's checkpoint or the staff member's district. */
  scope: string;
  grantedOn: string;
}

function grantRow(grant: RoleGrant): GrantRow {
  return {
    ...grant,
    key: `${grant.accountId}:${grant.role}`,
    roleLabel: ROLE_LABELS[grant.role],
    scope: grant.role === 'guard' ? `查验点 ${grant.checkpointId ?? ''}` : (grant.district ?? ''),
    grantedOn: formatBeijingDate(grant.grantedAt),
  };
}

/** The params for the chosen role, or what is missing. */
function invitationParams(form: InvitationForm): ParamsOf<'staff', 'createInvitation'> | string {
  const checkpointId = form.checkpointId.trim();
  const checkpointName = form.checkpointName.trim();
  const district = form.district.trim();
  if (form.role === 'guard') {
    return checkpointId && checkpointName ? { role: 'guard', checkpointId, checkpointName } : '请填写查验点编号和名称';
  }
  return district ? { role: 'staff', district } : '请填写所属街道或社区';
}

/**
 * 邀请与权限 (staff and admins): make a one-time invitation that gives a guard (at a checkpoint) or, for admins
 * only, a staff member (in a district) their role; list who holds a role and revoke it with a reason.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    /** Only admins may invite staff; the server checks it too. */
    isAdmin: false,
    role: 'guard' as InvitedRole,
    checkpointId: '',
    checkpointName: '',
    district: '',
    formError: '',
    creating: false,
    invitation: null as OneTimeCode | null,
    invitedRoleLabel: '',
    grants: [] as GrantRow[],
    /** The key of the grant being revoked, '' when none: one at a time. */
    revoking: '',
    revokeError: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const [session, roles] = await Promise.all([
        callFunction('resident', 'session', {}),
        callFunction('staff', 'roles', {}),
      ]);
      if (!session.ok) return this.showFailure(session);
      if (!roles.ok) return this.showFailure(roles);
      this.setData({
        status: 'ready',
        isAdmin: session.data.roles.includes('admin'),
        grants: roles.data.grants.map(grantRow),
      });
    },
    onFieldInput(event: FieldInput): void {
      this.setData({ ...inputPatch(event, this.data), formError: '' });
    },
    onRoleTap(event: TapWith<{ role: InvitedRole }>): void {
      this.setData({ role: event.currentTarget.dataset.role, formError: '', invitation: null });
    },

    async onCreateTap(): Promise<void> {
      if (this.data.creating) return;
      const params = invitationParams(this.data);
      if (typeof params === 'string') {
        this.setData({ formError: params });
        return;
      }
      this.setData({ creating: true, formError: '', invitation: null });
      const result = await callFunction('staff', 'createInvitation', params);
      if (!result.ok) {
        this.setData({ creating: false, formError: result.message });
        return;
      }
      this.setData({
        creating: false,
        invitation: result.data,
        invitedRoleLabel: ROLE_LABELS[params.role],
        checkpointId: '',
        checkpointName: '',
        district: '',
      });
    },

    /** Revoking asks for the reason in the confirm dialog itself: one step, and the audit log gets the why. */
    async onRevokeTap(event: TapWith<{ key: string }>): Promise<void> {
      if (this.data.revoking) return;
      const grant = this.data.grants.find((row) => row.key === event.currentTarget.dataset.key);
      if (!grant) return;
      this.setData({ revoking: grant.key, revokeError: '' });
      const { confirm, content } = await wx.showModal({
        title: `撤销${grant.roleLabel}权限`,
        content: '',
        editable: true,
        placeholderText: `撤销 ${grant.account} 的原因（必填）`,
        confirmText: '撤销',
      });
      // content is missing on base libraries without editable dialogs (before 2.17.1): no reason, no revoke.
      const reason = (content ?? '').trim();
      if (confirm && reason === '') void wx.showToast({ title: '请填写撤销原因', icon: 'none' });
      if (!confirm || reason === '') {
        this.setData({ revoking: '' });
        return;
      }
      const result = await callFunction('staff', 'revokeRole', { accountId: grant.accountId, role: grant.role, reason });
      if (!result.ok) {
        this.setData({ revoking: '', revokeError: result.message });
        return;
      }
      this.setData({ revoking: '', grants: this.data.grants.filter((row) => row.key !== grant.key) });
    },
  },
});
