import type { FamilyGrantView, FamilyPassView, OneTimeCode } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingDate } from '../../utils/beijing-time';
import { inputPatch, openEntry, type FieldInput, type TapWith } from '../../utils/page-events';
import { ROUTES } from '../../utils/routes';
import { elderMode } from '../../behaviors/elder-mode';

/** A grant as the owner's list shows it. */
interface GrantRow extends FamilyGrantView {
  grantedOn: string;
}

function grantRow(grant: FamilyGrantView): GrantRow {
  return { ...grant, grantedOn: formatBeijingDate(grant.grantedAt) };
}

/**
 * 家人代为出示 (随申码 guide, question 17: one phone showing a family member's code). Both sides on one page:
 * the passes I may show for family members, with a field for the code they gave me; and, as owner, who may
 * show mine, with 撤销 and a way to invite one more. Nothing here makes a second pass: each pass stays its
 * owner's.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    passes: [] as FamilyPassView[],
    grants: [] as GrantRow[],
    /** false when the caller has no pass of their own, so has nothing to let others show. */
    hasPass: true,
    code: '',
    codeError: '',
    accepting: false,
    label: '',
    labelError: '',
    inviting: false,
    invitation: null as OneTimeCode | null,
    invitedLabel: '',
    /** The grant being revoked, '' when none: one at a time. */
    revoking: '',
    revokeError: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const [passes, grants] = await Promise.all([
        callFunction('resident', 'familyPasses', {}),
        callFunction('resident', 'familyGrants', {}),
      ]);
      if (!passes.ok) return this.showFailure(passes);
      // No pass of one's own is not a failure here: it only means there is nobody to let show it.
      if (!grants.ok && grants.code !== 'NO_PASS') return this.showFailure(grants);
      this.setData({
        status: 'ready',
        passes: passes.data.passes,
        grants: grants.ok ? grants.data.grants.map(grantRow) : [],
        hasPass: grants.ok,
      });
    },
    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },
    onEntryTap: openEntry,

    /** Shows the family member's code on this phone: the code page with the grant that allows it. */
    onShowCodeTap(event: TapWith<{ grantId: string }>): void {
      void wx.navigateTo({ url: `${ROUTES.code}?grantId=${encodeURIComponent(event.currentTarget.dataset.grantId)}` });
    },

    /** The family member enters the code the owner gave them. */
    async onAcceptTap(): Promise<void> {
      if (this.data.accepting) return;
      const code = this.data.code.trim();
      if (code === '') {
        this.setData({ codeError: '请输入家人给您的邀请码' });
        return;
      }
      this.setData({ accepting: true, codeError: '' });
      const result = await callFunction('resident', 'familyAccept', { code });
      if (!result.ok) {
        this.setData({ accepting: false, codeError: result.message });
        return;
      }
      const added = result.data.pass;
      this.setData({
        accepting: false,
        code: '',
        passes: [...this.data.passes.filter((pass) => pass.grantId !== added.grantId), added],
      });
      void wx.showToast({ title: '已添加', icon: 'success' });
    },

    /** The owner invites a family member, named by relation (妈妈). */
    async onInviteTap(): Promise<void> {
      if (this.data.inviting) return;
      const label = this.data.label.trim();
      if (label === '') {
        this.setData({ labelError: '请填写家人的称呼，如：妈妈' });
        return;
      }
      this.setData({ inviting: true, labelError: '', invitation: null });
      const result = await callFunction('resident', 'familyInvite', { label });
      if (!result.ok) {
        this.setData({ inviting: false, labelError: result.message });
        return;
      }
      this.setData({ inviting: false, invitation: result.data, invitedLabel: label, label: '' });
    },

    /** The owner takes a family member's right to show the pass away, after saying what that means. */
    async onRevokeTap(event: TapWith<{ grantId: string; label: string }>): Promise<void> {
      if (this.data.revoking) return;
      const { grantId, label } = event.currentTarget.dataset;
      // Held from before the dialog: a second quick tap must not open a second one.
      this.setData({ revoking: grantId, revokeError: '' });
      const { confirm } = await wx.showModal({
        title: '撤销代为出示',
        content: `撤销后，「${label}」将不能再出示您的通行证。`,
        confirmText: '撤销',
        cancelText: '不撤销',
      });
      if (!confirm) {
        this.setData({ revoking: '' });
        return;
      }
      const result = await callFunction('resident', 'familyRevoke', { grantId });
      if (!result.ok) {
        this.setData({ revoking: '', revokeError: result.message });
        return;
      }
      this.setData({ revoking: '', grants: this.data.grants.filter((grant) => grant.grantId !== grantId) });
    },
  },
});
