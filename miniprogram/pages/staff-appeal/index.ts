import type { AppealDecisionView, AppealDetail, Colour, ParamsOf, Result } from '../../../typings/contract';
import { showsLoadState } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { appealLine, RECORD_SOURCE_WORDS, recordFacts, timeline, type AppealLine, type TimelineItem } from '../../utils/appeal-display';
import { beijingDayKey, endOfBeijingDay, formatBeijingDate, formatBeijingTime } from '../../utils/beijing-time';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { COLOUR_WORDS } from '../../utils/pass-display';
import { elderMode } from '../../behaviors/elder-mode';

type DecisionMode = 'override' | 'annul' | 'reject';

const DECISION_MODES: Array<{ key: DecisionMode; label: string }> = [
  { key: 'override', label: '通过：调整颜色' },
  { key: 'annul', label: '通过：撤销数据记录' },
  { key: 'reject', label: '驳回' },
];

/** An override lasts at most 30 days (server rule): the last day offered ends within 30 days of today. */
const LAST_EXPIRY_DAY = 29;

interface RecordRow {
  key: string;
  source: 'health' | 'travel';
  recordId: string;
  label: string;
  facts: string;
  received: string;
  annulled: boolean;
}

/** The decision taken, in staff's words. */
interface DecisionLines {
  verdict: string;
  remedy: string;
  reply: string;
  by: string;
  approval: string;
}

function decisionLines(decision: AppealDecisionView, records: readonly RecordRow[]): DecisionLines {
  const { override, annulRecord, approval } = decision;
  const annulled = annulRecord && records.find((record) => record.recordId === annulRecord.recordId && record.source === annulRecord.source);
  let remedy = '';
  if (override) remedy = `改为${COLOUR_WORDS[override.colour]}，有效至 ${formatBeijingTime(override.expiresAt)}；原因：${override.reason}`;
  else if (annulRecord) remedy = `撤销${RECORD_SOURCE_WORDS[annulRecord.source]}记录 ${annulRecord.recordId}${annulled ? `（${annulled.facts}）` : ''}`;
  return {
    verdict: decision.decision === 'accept' ? '通过' : '驳回',
    remedy,
    reply: decision.reply,
    by: `${decision.byMasked}，${formatBeijingTime(decision.at)}`,
    approval: approval ? `${approval.byMasked} 于 ${formatBeijingTime(approval.at)} 批准：${approval.note}` : '',
  };
}

interface DecisionForm {
  mode: DecisionMode | '';
  colour: Colour | '';
  reason: string;
  expiryDay: string;
  recordKey: string;
  reply: string;
}

/** The decision's params and the sentence to confirm it with, or what is missing. */
function decisionRequest(appealId: string, form: DecisionForm, records: readonly RecordRow[]): { params: ParamsOf<'staff', 'appealDecide'>; confirm: string } | string {
  const reply = form.reply.trim();
  if (form.mode === '') return '请选择处理结果';
  if (form.mode === 'override') {
    const reason = form.reason.trim();
    if (form.colour === '') return '请选择复核后的颜色';
    if (reason.length < 2) return '请填写调整颜色的原因（至少 2 个字）';
    if (form.expiryDay === '') return '请选择复核颜色的有效期';
    if (reply.length < 5) return '请填写给居民的答复（至少 5 个字）';
    const expiresAt = endOfBeijingDay(form.expiryDay);
    return {
      params: { appealId, reply, decision: 'accept', override: { colour: form.colour, reason, expiresAt } },
      confirm: `通过申诉，将通行码改为${COLOUR_WORDS[form.colour]}，有效至 ${formatBeijingDate(expiresAt - 1)}（含当天）。`,
    };
  }
  if (form.mode === 'annul') {
    const record = records.find((row) => row.key === form.recordKey);
    if (!record) return '请选择要撤销的数据记录';
    if (reply.length < 5) return '请填写给居民的答复（至少 5 个字）';
    return {
      params: { appealId, reply, decision: 'accept', annulRecord: { source: record.source, recordId: record.recordId } },
      confirm: `通过申诉，撤销${record.label}（${record.facts}），通行码颜色将按其余数据重新判定。`,
    };
  }
  if (reply.length < 5) return '请填写驳回的理由，居民会看到（至少 5 个字）';
  return { params: { appealId, reply, decision: 'reject' }, confirm: '驳回申诉，通行码颜色不作调整。' };
}

/** Red to green takes a second staff member (four eyes): say so before the decision is sent. */
function approvalHint(passColour: Colour | '', mode: DecisionMode | '', colour: Colour | ''): string {
  if (passColour !== 'red') return '';
  if (mode === 'override' && colour === 'green') return '红码改为绿码，须由另一位工作人员审批后才生效。';
  if (mode === 'annul') return '撤销记录后如变为绿码，须由另一位工作人员审批后才生效。';
  return '';
}

const EMPTY_FORMS = {
  question: '',
  questionError: '',
  mode: '' as DecisionMode | '',
  colour: '' as Colour | '',
  reason: '',
  expiryDay: '',
  recordKey: '',
  reply: '',
  decideError: '',
  approvalNote: '',
  approvalError: '',
  claimError: '',
};

/**
 * One appeal for staff (申诉详情): what the resident wrote and sent, the pass's colour and the partner records
 * behind it, then the steps its state allows: claim, ask for more, decide (override the colour, annul a record,
 * or reject, each with the reply the resident reads), or, for a red-to-green decision, approve or decline it
 * as a second staff member. The server refuses whoever may not take a step (the decider approving their own
 * decision, a second handler); its sentence is shown as it comes. Opened with `appealId` (onLoad).
 */
Component({
  behaviors: [elderMode, showsLoadState],
  data: {
    appealId: '',
    line: null as AppealLine | null,
    passName: '',
    passColour: '' as Colour | '',
    reasons: [] as string[],
    items: [] as TimelineItem[],
    records: [] as RecordRow[],
    decision: null as DecisionLines | null,
    notes: [] as Array<{ key: string; text: string }>,
    canAsk: false,
    canDecide: false,
    canApprove: false,
    modes: DECISION_MODES,
    colours: [] as Array<{ key: Colour; label: string }>,
    expiryStart: '',
    expiryEnd: '',
    /** The red-to-green warning for the decision being prepared, '' when none applies. */
    approvalHint: '',
    acting: false,
    ...EMPTY_FORMS,
  },
  methods: {
    onLoad(query: { appealId?: string }): void {
      this.setData({ appealId: query.appealId ?? '' });
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const result = await callFunction('staff', 'appealGet', { appealId: this.data.appealId });
      if (!result.ok) return this.showFailure(result);
      this.show(result.data.appeal);
    },

    show(appeal: AppealDetail): void {
      const records: RecordRow[] = appeal.records.map((record) => ({
        key: `${record.source}:${record.recordId}`,
        source: record.source,
        recordId: record.recordId,
        label: `${RECORD_SOURCE_WORDS[record.source]}记录 ${record.recordId}（第 ${record.version} 版）`,
        facts: recordFacts(record),
        received: formatBeijingTime(record.receivedAt),
        annulled: record.annulled,
      }));
      const open = ['submitted', 'claimed', 'infoRequested'].includes(appeal.status) && appeal.decision === null;
      const today = Date.now();
      this.setData({
        status: 'ready',
        line: appealLine(appeal),
        passName: appeal.pass.name,
        passColour: appeal.pass.colour,
        reasons: appeal.pass.reasons.map((reason) => reason.zh),
        items: timeline(appeal.messages, 'staff'),
        records,
        decision: appeal.decision && decisionLines(appeal.decision, records),
        notes: appeal.staffNotes.map((note, index) => ({ key: `${index}`, text: `${formatBeijingTime(note.at)} ${note.byMasked}：${note.text}` })),
        canAsk: open && appeal.status !== 'infoRequested',
        canDecide: open,
        canApprove: appeal.status === 'awaitingApproval',
        colours: (['green', 'yellow', 'red'] as Colour[]).filter((colour) => colour !== appeal.pass.colour).map((key) => ({ key, label: COLOUR_WORDS[key] })),
        expiryStart: beijingDayKey(today, 1),
        expiryEnd: beijingDayKey(today, LAST_EXPIRY_DAY),
        approvalHint: '',
        ...EMPTY_FORMS,
      });
    },

    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },

    onChoiceTap(event: TapWith<{ field: 'mode' | 'colour' | 'recordKey'; value: string }>): void {
      const { field, value } = event.currentTarget.dataset;
      this.setData({ [field]: value, decideError: '' });
      const { passColour, mode, colour } = this.data;
      this.setData({ approvalHint: approvalHint(passColour, mode, colour) });
    },

    onExpiryChange(event: WechatMiniprogram.PickerChange): void {
      this.setData({ expiryDay: String(event.detail.value), decideError: '' });
    },

    async onClaimTap(): Promise<void> {
      await this.act(() => callFunction('staff', 'appealClaim', { appealId: this.data.appealId }), '已认领', '', 'claimError');
    },

    async onAskTap(): Promise<void> {
      const question = this.data.question.trim();
      if (question.length < 5) {
        this.setData({ questionError: '请写明需要居民补充什么（至少 5 个字）' });
        return;
      }
      await this.act(() => callFunction('staff', 'appealRequestInfo', { appealId: this.data.appealId, question }), '已发送', '', 'questionError');
    },

    async onDecideTap(): Promise<void> {
      if (this.data.acting) return;
      const { mode, colour, reason, expiryDay, recordKey, reply, records, appealId } = this.data;
      const request = decisionRequest(appealId, { mode, colour, reason, expiryDay, recordKey, reply }, records);
      if (typeof request === 'string') {
        this.setData({ decideError: request });
        return;
      }
      await this.act(() => callFunction('staff', 'appealDecide', request.params), '已作出决定', request.confirm, 'decideError');
    },

    async onApproveTap(event: TapWith<{ approve: boolean }>): Promise<void> {
      const approve = event.currentTarget.dataset.approve;
      const note = this.data.approvalNote.trim();
      if (note.length < 2) {
        this.setData({ approvalError: '请填写审批意见（至少 2 个字）' });
        return;
      }
      const confirm = approve ? '批准后，这个决定立即生效，居民的通行码颜色随之改变。' : '不予批准，申诉退回给作出决定的工作人员重新处理。';
      await this.act(() => callFunction('staff', 'appealApprove', { appealId: this.data.appealId, approve, note }), approve ? '已批准' : '已退回', confirm, 'approvalError');
    },

    /**
     * Takes one step: asks to confirm when there is a sentence to confirm, calls, then reads the appeal anew
     * (every step moves it on); a refusal shows where the step was asked for.
     */
    async act(
      call: () => Promise<Result<unknown>>,
      done: string,
      confirmation: string,
      errorField: 'claimError' | 'questionError' | 'decideError' | 'approvalError',
    ): Promise<void> {
      if (this.data.acting) return;
      this.setData({ acting: true, claimError: '', questionError: '', decideError: '', approvalError: '' });
      if (confirmation) {
        const { confirm } = await wx.showModal({ title: '请确认', content: confirmation, confirmText: '确定' });
        if (!confirm) {
          this.setData({ acting: false });
          return;
        }
      }
      const result = await call();
      if (!result.ok) {
        this.setData({ acting: false, [errorField]: result.message });
        return;
      }
      this.setData({ acting: false });
      void wx.showToast({ title: done, icon: 'success' });
      await this.load();
    },
  },
});
