import { formatBeijingTime } from '../../utils/beijing-time';
import { groupCode } from '../../utils/code-input';

/**
 * A single-use code one person hands to another (family invitation, role invitation, account code): large,
 * in groups of four to read aloud, with its expiry and a 复制 button for sending it in a WeChat chat. What the
 * other person does with it goes in the slot.
 */
Component({
  properties: {
    code: { type: String, value: '' },
    /** Epoch ms. */
    expiresAt: { type: Number, value: 0 },
  },
  data: { grouped: '', expiry: '' },
  observers: {
    'code, expiresAt'(code: string, expiresAt: number): void {
      this.setData({ grouped: groupCode(code), expiry: expiresAt > 0 ? formatBeijingTime(expiresAt) : '' });
    },
  },
  methods: {
    onCopyTap(): void {
      void wx.setClipboardData({ data: this.data.code });
    },
  },
});
