import type { AppealCategory, AppealStatus, ParamsOf } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { appealLine, CATEGORIES, CATEGORY_WORDS, STATUS_WORDS, type AppealLine } from '../../utils/appeal-display';
import type { TapWith } from '../../utils/page-events';
import { ROUTES } from '../../utils/routes';
import { elderMode } from '../../behaviors/elder-mode';

/** '' stands for the server's default (the open ones) and for every category. */
const STATUS_FILTERS: Array<{ key: AppealStatus | ''; label: string }> = [
  { key: '', label: '全部未结' },
  ...(Object.keys(STATUS_WORDS) as AppealStatus[]).map((key) => ({ key, label: STATUS_WORDS[key] })),
];
const CATEGORY_FILTERS: Array<{ key: AppealCategory | ''; label: string }> = [
  { key: '', label: '全部类型' },
  ...CATEGORIES.map((key) => ({ key, label: CATEGORY_WORDS[key] })),
];

/**
 * 申诉处理 (staff): the appeal queue oldest first, filtered by status and category, overdue ones said in
 * words; 认领 takes one, a tap opens it. Read again when shown anew: back from an appeal, it has moved on.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    statusFilters: STATUS_FILTERS,
    categoryFilters: CATEGORY_FILTERS,
    statusFilter: '' as AppealStatus | '',
    categoryFilter: '' as AppealCategory | '',
    lines: [] as AppealLine[],
    /** The appeal being claimed: one claim at a time. */
    claiming: '',
    claimError: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '', claimError: '' });
      const { statusFilter, categoryFilter } = this.data;
      const filter: ParamsOf<'staff', 'appealQueue'> = {};
      if (statusFilter) filter.status = statusFilter;
      if (categoryFilter) filter.category = categoryFilter;
      const result = await callFunction('staff', 'appealQueue', filter);
      if (!result.ok) return this.showFailure(result);
      this.setData({ status: 'ready', lines: result.data.appeals.map(appealLine) });
    },

    onShow(): void {
      // The first show comes right after attached, while that load is still running.
      if (this.data.status !== 'loading') void this.load();
    },

    onStatusFilterTap(event: TapWith<{ key: AppealStatus | '' }>): void {
      this.setData({ statusFilter: event.currentTarget.dataset.key });
      void this.load();
    },

    onCategoryFilterTap(event: TapWith<{ key: AppealCategory | '' }>): void {
      this.setData({ categoryFilter: event.currentTarget.dataset.key });
      void this.load();
    },

    onOpenTap(event: TapWith<{ appealId: string }>): void {
      void wx.navigateTo({ url: `${ROUTES.staffAppeal}?appealId=${encodeURIComponent(event.currentTarget.dataset.appealId)}` });
    },

    async onClaimTap(event: TapWith<{ appealId: string }>): Promise<void> {
      if (this.data.claiming) return;
      const { appealId } = event.currentTarget.dataset;
      this.setData({ claiming: appealId, claimError: '' });
      const result = await callFunction('staff', 'appealClaim', { appealId });
      if (!result.ok) {
        this.setData({ claiming: '', claimError: result.message });
        return;
      }
      const claimed = appealLine(result.data.appeal);
      this.setData({ claiming: '', lines: this.data.lines.map((line) => (line.appealId === appealId ? claimed : line)) });
      void wx.showToast({ title: '已认领', icon: 'success' });
    },
  },
});
