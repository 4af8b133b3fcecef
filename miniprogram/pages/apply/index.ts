import type { ErrorCode } from '../../../typings/contract';
import { callFunction } from '../../services/cloud';
import { askToSubscribe } from '../../services/subscribe';
import { idNumberInputProblem } from '../../utils/id-number-input';
import { inputPatch, openEntry, type FieldInput } from '../../utils/page-events';
import { ROUTES } from '../../utils/routes';
import { elderMode } from '../../behaviors/elder-mode';

/**
 * 申领通行证: the caller's own pass, by real name and ID number. The checks here only catch typing slips;
 * the server decides, and its message is shown beside the field it is about, or above the button.
 */
Component({
  behaviors: [elderMode],
  data: {
    name: '',
    idNumber: '',
    nameError: '',
    idNumberError: '',
    /** A refusal that is not about one field (the pass belongs elsewhere, too many tries, no network). */
    refusal: '',
    refusalCode: '' as ErrorCode | '',
    submitting: false,
  },
  methods: {
    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },
    onEntryTap: openEntry,
    async onSubmitTap(): Promise<void> {
      // setData updates this.data at once: a second tap before the button greys out stops here.
      if (this.data.submitting) return;
      const { name, idNumber } = this.data;
      const nameError = name.trim() === '' ? '请输入姓名' : '';
      const idNumberError = idNumberInputProblem(idNumber) ?? '';
      this.setData({ nameError, idNumberError, refusal: '', refusalCode: '' });
      if (nameError || idNumberError) return;

      this.setData({ submitting: true });
      // Asked here, in the tap: WeChat shows the dialog only then. Consent lets us tell them when the colour changes.
      await askToSubscribe('pass');
      const result = await callFunction('resident', 'apply', { name, idNumber });
      if (result.ok) {
        // Stays "submitting" while the page goes: nothing to tap twice.
        const { created, carriedOver } = result.data;
        void wx.showToast({ title: carriedOver ? '已接续原通行证' : created ? '申领成功' : '您已申领过', icon: 'success' });
        void wx.redirectTo({ url: ROUTES.myPass });
        return;
      }
      if (result.code === 'NAME_INVALID') this.setData({ submitting: false, nameError: result.message });
      else if (result.code === 'ID_INVALID') this.setData({ submitting: false, idNumberError: result.message });
      else this.setData({ submitting: false, refusal: result.message, refusalCode: result.code });
    },
  },
});
