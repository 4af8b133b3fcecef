import type { Result, StaffPassView } from '../../../typings/contract';
import { openCardDocument } from '../../services/card-document';
import { callFunction } from '../../services/cloud';
import { idNumberInputProblem } from '../../utils/id-number-input';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { describeStaffPass, type StaffPassFacts } from '../../utils/pass-display';
import { actStateOfView, staffActsFor, type StaffPassAct } from '../../utils/shared-pass-acts';
import { elderMode } from '../../behaviors/elder-mode';

type PassAction = StaffPassAct;

interface ActionSpec {
  label: string;
  /** What the act does and what to check first, shown above its form. */
  note: string;
  needsAccountCode: boolean;
  needsLabel: boolean;
  /** Asked in a dialog before acts that decide whether the pass may be used at all. */
  confirm: string;
}

const ACTIONS: Record<PassAction, ActionSpec> = {
  print: {
    label: '打印卡片',
    note: '打开当前卡片的 PDF，发送到电脑或打印机，用 A4 纸打印后沿虚线剪下。卡片遗失请用「补打卡片」，原卡片会作废。',
    needsAccountCode: false,
    needsLabel: false,
    confirm: '',
  },
  reprint: { label: '补打卡片', note: '补打后，原卡片作废。', needsAccountCode: false, needsLabel: false, confirm: '' },
  move: {
    label: '转到居民微信',
    note: '核对身份证件后，请居民在本人微信「通行」中打开「账号验证码」，填写在下面。转入后纸质卡片作废。',
    needsAccountCode: true,
    needsLabel: false,
    confirm: '',
  },
  rebind: {
    label: '换绑微信',
    note: '用于换了手机或微信号：核对身份证件后，填写新微信的账号验证码。原微信将不再持有此通行证。',
    needsAccountCode: true,
    needsLabel: false,
    confirm: '',
  },
  guardian: {
    label: '关联监护人',
    note: '监护人可在其微信上代为出示此通行证。核对关系后，请监护人打开「账号验证码」，填写在下面。',
    needsAccountCode: true,
    needsLabel: true,
    confirm: '',
  },
  cancel: {
    label: '注销',
    note: '注销后，此通行证不能再用于通行。',
    needsAccountCode: false,
    needsLabel: false,
    confirm: '注销后，此通行证不能再用于通行。确定注销吗？',
  },
  restore: {
    label: '恢复',
    note: '用于误注销或本人回到本市：核对身份证件后恢复，此人仍使用这一张通行证。纸质通行证会换发新卡片，原卡片仍作废，恢复后请「打印卡片」。',
    needsAccountCode: false,
    needsLabel: false,
    confirm: '恢复后，此通行证可以再次用于通行。确定恢复吗？',
  },
};

const DONE_TOASTS: Partial<Record<PassAction, string>> = { guardian: '已关联监护人', print: '已打开卡片' };

/**
 * The acts that fit the pass, by the server's own rule (a cancelled pass is only restored; print, reprint and
 * cancel need a card; a pass no account holds moves or gets a guardian, one on an account rebinds).
 */
function actionsFor(pass: StaffPassView): PassAction[] {
  return staffActsFor(actStateOfView(pass));
}

interface ActionForm {
  accountCode: string;
  guardianLabel: string;
  reason: string;
}

/** Calls the staff action for one act; the pass as it now is, or null when the act leaves it unchanged. */
async function perform(action: PassAction, passId: string, form: ActionForm): Promise<Result<StaffPassView | null>> {
  const { accountCode, guardianLabel: label, reason } = form;
  switch (action) {
    case 'print': {
      const result = await callFunction('staff', 'printCard', { passId, reason });
      return result.ok ? openCardDocument(result.data.url) : result;
    }
    case 'reprint':
      return passOf(await callFunction('staff', 'reprintCard', { passId, reason }));
    case 'cancel':
      return passOf(await callFunction('staff', 'cancelPass', { passId, reason }));
    case 'restore':
      return passOf(await callFunction('staff', 'restorePass', { passId, reason }));
    case 'move':
      return passOf(await callFunction('staff', 'movePassToAccount', { passId, accountCode, reason }));
    case 'rebind':
      return passOf(await callFunction('staff', 'rebindPass', { passId, accountCode, reason }));
    case 'guardian': {
      const result = await callFunction('staff', 'linkGuardian', { passId, accountCode, label, reason });
      return result.ok ? { ok: true, data: null } : result;
    }
  }
}

function passOf(result: Result<{ pass: StaffPassView }>): Result<StaffPassView> {
  return result.ok ? { ok: true, data: result.data.pass } : result;
}

/** What is missing from an act's form, or '' when it may be sent. */
function formProblem(spec: ActionSpec, form: ActionForm): string {
  if (spec.needsAccountCode && form.accountCode.trim() === '') return '请填写对方出示的账号验证码';
  if (spec.needsLabel && form.guardianLabel.trim() === '') return '请填写监护人与本人的关系，如：女儿';
  if (form.reason.trim() === '') return '请填写办理事由';
  return '';
}

/**
 * 纸质通行证 (staff): find a person's pass by ID number, or issue a printed one for someone without a
 * smartphone; then print or reprint its card, move it onto an account, rebind, link a guardian, cancel or restore. Every call carries a reason
 * for the audit log. Plain on purpose: staff do this many times a day.
 */
Component({
  behaviors: [elderMode],
  data: {
    idNumber: '',
    searchReason: '',
    searchError: '',
    searching: false,
    /** true when the last search found no pass with that ID number. */
    missing: false,
    /** The number searched for, which an issue uses even if the field has been edited since. */
    searchedIdNumber: '',
    pass: null as StaffPassView | null,
    facts: null as StaffPassFacts | null,
    actions: [] as { key: PassAction; label: string }[],
    name: '',
    issueReason: '',
    issueError: '',
    issuing: false,
    action: '' as PassAction | '',
    spec: null as ActionSpec | null,
    accountCode: '',
    guardianLabel: '',
    actionReason: '',
    actionError: '',
    acting: false,
  },
  methods: {
    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },

    async onSearchTap(): Promise<void> {
      if (this.data.searching) return;
      const idNumber = this.data.idNumber.trim();
      const reason = this.data.searchReason.trim();
      const problem = idNumberInputProblem(idNumber) ?? (reason === '' ? '请填写查询事由' : '');
      this.setData({ searchError: problem });
      if (problem) return;

      this.setData({ searching: true, missing: false, pass: null, action: '', spec: null });
      const result = await callFunction('staff', 'findPass', { idNumber, reason });
      if (!result.ok) {
        this.setData({ searching: false, searchError: result.message });
        return;
      }
      this.setData({ searching: false, searchedIdNumber: idNumber, issueError: '' });
      if (result.data.pass) this.showPass(result.data.pass);
      else this.setData({ missing: true });
    },

    async onIssueTap(): Promise<void> {
      if (this.data.issuing) return;
      const name = this.data.name.trim();
      const reason = this.data.issueReason.trim();
      const problem = name === '' ? '请填写姓名' : reason === '' ? '请填写办理事由' : '';
      this.setData({ issueError: problem });
      if (problem) return;

      this.setData({ issuing: true });
      const result = await callFunction('staff', 'issuePrintedPass', { name, idNumber: this.data.searchedIdNumber, reason });
      if (!result.ok) {
        this.setData({ issuing: false, issueError: result.message });
        return;
      }
      this.setData({ issuing: false, name: '', issueReason: '' });
      this.showPass(result.data.pass);
      void wx.showToast({ title: '已办理', icon: 'success' });
    },

    onActionTap(event: TapWith<{ action: PassAction }>): void {
      const { action } = event.currentTarget.dataset;
      this.setData({ action, spec: ACTIONS[action], accountCode: '', guardianLabel: '', actionReason: '', actionError: '' });
    },

    async onActTap(): Promise<void> {
      const { action, pass, acting } = this.data;
      if (acting || action === '' || !pass) return;
      const spec = ACTIONS[action];
      const form = { accountCode: this.data.accountCode.trim(), guardianLabel: this.data.guardianLabel.trim(), reason: this.data.actionReason.trim() };
      const problem = formProblem(spec, form);
      this.setData({ actionError: problem });
      if (problem) return;

      this.setData({ acting: true });
      if (spec.confirm) {
        const { confirm } = await wx.showModal({ title: spec.label, content: spec.confirm, confirmText: spec.label });
        if (!confirm) {
          this.setData({ acting: false });
          return;
        }
      }
      const result = await perform(action, pass.passId, form);
      if (!result.ok) {
        this.setData({ acting: false, actionError: result.message });
        return;
      }
      this.setData({ acting: false });
      this.showPass(result.data ?? pass);
      void wx.showToast({ title: DONE_TOASTS[action] ?? '已办理', icon: 'success' });
    },

    /** Shows a pass with the acts that fit it, closing any open act's form. */
    showPass(pass: StaffPassView): void {
      this.setData({
        missing: false,
        pass,
        facts: describeStaffPass(pass),
        actions: actionsFor(pass).map((key) => ({ key, label: ACTIONS[key].label })),
        action: '',
        spec: null,
      });
    },
  },
});
