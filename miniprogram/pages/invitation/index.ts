import { callFunction } from '../../services/cloud';
import { inputPatch, type FieldInput } from '../../utils/page-events';
import { ROLE_LABELS } from '../../utils/roles';
import { elderMode } from '../../behaviors/elder-mode';

/**
 * 输入邀请码: a guard or staff member redeems the invitation an admin or staff member made for them, on their
 * own WeChat account.
 */
Component({
  behaviors: [elderMode],
  data: {
    code: '',
    codeError: '',
    redeeming: false,
    /** The account's roles after redeeming, in words; '' until then. */
    rolesText: '',
  },
  methods: {
    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },
    async onRedeemTap(): Promise<void> {
      if (this.data.redeeming) return;
      const code = this.data.code.trim();
      if (code === '') {
        this.setData({ codeError: '请输入邀请码' });
        return;
      }
      this.setData({ redeeming: true, codeError: '' });
      const result = await callFunction('resident', 'redeemInvitation', { code });
      if (!result.ok) {
        this.setData({ redeeming: false, codeError: result.message });
        return;
      }
      this.setData({ redeeming: false, code: '', rolesText: result.data.roles.map((role) => ROLE_LABELS[role]).join('、') });
    },
    onBackTap(): void {
      // Home reads the roles again when it shows.
      void wx.navigateBack();
    },
  },
});
