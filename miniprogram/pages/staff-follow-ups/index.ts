import type { Colour, FollowUpView } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingTime } from '../../utils/beijing-time';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

interface FollowUpRow {
  followUpId: string;
  nameMasked: string;
  colour: Colour;
  reported: string;
  /** The guard's note, '' when they wrote none. */
  note: string;
  closed: string;
}

function followUpRow(followUp: FollowUpView): FollowUpRow {
  return {
    followUpId: followUp.followUpId,
    nameMasked: followUp.nameMasked,
    colour: followUp.colour,
    reported: `${formatBeijingTime(followUp.createdAt)} ${followUp.checkpointName}，查验员 ${followUp.reportedByMasked} 报告`,
    note: followUp.note,
    closed: followUp.closedAt === null ? '' : `${formatBeijingTime(followUp.closedAt)} 结案：${followUp.closingNote ?? ''}`,
  };
}

/**
 * 社区随访 (staff): the yellow and red people guards reported at their gates, open ones first (oldest first,
 * as the server lists them), then the closed; closing one takes a note of what was done.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    open: [] as FollowUpRow[],
    closed: [] as FollowUpRow[],
    /** The report whose closing form is open, '' for none. */
    selected: '',
    note: '',
    noteError: '',
    closing: false,
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const [open, closed] = await Promise.all([
        callFunction('staff', 'followUps', { status: 'open' }),
        callFunction('staff', 'followUps', { status: 'closed' }),
      ]);
      if (!open.ok) return this.showFailure(open);
      if (!closed.ok) return this.showFailure(closed);
      this.setData({ status: 'ready', open: open.data.followUps.map(followUpRow), closed: closed.data.followUps.map(followUpRow), selected: '' });
    },

    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },

    onSelectTap(event: TapWith<{ followUpId: string }>): void {
      this.setData({ selected: event.currentTarget.dataset.followUpId, note: '', noteError: '' });
    },

    async onCloseTap(): Promise<void> {
      const { selected, closing } = this.data;
      if (closing || selected === '') return;
      const note = this.data.note.trim();
      if (note.length < 2) {
        this.setData({ noteError: '请填写处理情况（至少 2 个字），例如"已电话联系，居家健康监测"' });
        return;
      }
      this.setData({ closing: true, noteError: '' });
      const result = await callFunction('staff', 'closeFollowUp', { followUpId: selected, note });
      if (!result.ok) {
        this.setData({ closing: false, noteError: result.message });
        return;
      }
      this.setData({
        closing: false,
        selected: '',
        open: this.data.open.filter((row) => row.followUpId !== selected),
        closed: [followUpRow(result.data.followUp), ...this.data.closed],
      });
      void wx.showToast({ title: '已结案', icon: 'success' });
    },
  },
});
