import type { ApplyResult, ErrorCode, Result } from '../../../typings/contract';
import { callFunction } from '../../services/cloud';
import { FACE_SCAN_ADVICE, FACE_SCAN_AGREE, scanFace } from '../../services/face-verify';
import { askToSubscribe } from '../../services/subscribe';
import { idNumberInputProblem } from '../../utils/id-number-input';
import { inputPatch, openEntry, type FieldInput } from '../../utils/page-events';
import { ROUTES } from '../../utils/routes';
import { elderMode } from '../../behaviors/elder-mode';

/** Answers after which a face scan of the applicant comes next, where the deployment has it on (人脸核验). */
const SCAN_NEEDED: ReadonlySet<ErrorCode> = new Set(['FACE_VERIFICATION_REQUIRED', 'FACE_VERIFICATION_EXPIRED', 'FACE_VERIFICATION_MISMATCH']);

/** Said beside the consent line when 提交申请 is tapped without it ticked. */
const CONSENT_NEEDED = '请先阅读《隐私保护指引》，并勾选同意后再提交';

/**
 * 申领通行证: the caller's own pass, by real name and ID number. The checks here only catch typing slips;
 * the server decides, and its message is shown beside the field it is about, or above the button. Nothing is
 * sent before the person ticks the consent line (ID numbers are sensitive personal information: PIPL asks for
 * separate consent). Where the server asks for a face scan first, the page asks separate consent for it with
 * the advice (FACE_SCAN_ADVICE), starts it and applies again with it.
 */
Component({
  behaviors: [elderMode],
  data: {
    name: '',
    idNumber: '',
    nameError: '',
    idNumberError: '',
    /** The consent line is ticked: 同意提供姓名、身份证号码（敏感个人信息）. */
    consented: false,
    consentError: '',
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
    onConsentTap(): void {
      this.setData({ consented: !this.data.consented, consentError: '' });
    },
    async onSubmitTap(): Promise<void> {
      // setData updates this.data at once: a second tap before the button greys out stops here.
      if (this.data.submitting) return;
      const { name, idNumber, consented } = this.data;
      const nameError = name.trim() === '' ? '请输入姓名' : '';
      const idNumberError = idNumberInputProblem(idNumber) ?? '';
      const consentError = consented ? '' : CONSENT_NEEDED;
      this.setData({ nameError, idNumberError, consentError, refusal: '', refusalCode: '' });
      if (nameError || idNumberError || consentError) return;

      this.setData({ submitting: true });
      // Asked here, in the tap: WeChat shows the dialog only then. Consent lets us tell them when the colour changes.
      await askToSubscribe('pass');
      let result = await callFunction('resident', 'apply', { name, idNumber });
      if (!result.ok && SCAN_NEEDED.has(result.code)) result = await this.applyAfterFaceScan(name, idNumber);
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
    async applyAfterFaceScan(name: string, idNumber: string): Promise<Result<ApplyResult>> {
      const { confirm } = await wx.showModal({ title: '人脸核验', content: FACE_SCAN_ADVICE, confirmText: FACE_SCAN_AGREE, cancelText: '暂不申领' });
      if (!confirm) return { ok: false, code: 'FACE_VERIFICATION_REQUIRED', message: '申领需要先完成人脸核验，确认是本人申领。准备好后请再次提交' };
      const started = await callFunction('resident', 'startFaceVerification', { name, idNumber });
      if (!started.ok) return started;
      if (!(await scanFace(started.data.verifyId))) {
        return { ok: false, code: 'FACE_VERIFICATION_FAILED', message: '当前微信版本不支持人脸核验，请升级微信后再试，或携带身份证到社区办理' };
      }
      return callFunction('resident', 'apply', { name, idNumber, faceVerification: started.data.verification });
    },
  },
});
