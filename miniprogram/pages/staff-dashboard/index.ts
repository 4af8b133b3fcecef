import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingTime } from '../../utils/beijing-time';
import { dashboardPanels, type DashboardPanel } from '../../utils/chart-series';
import type { TapWith } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

const WINDOWS = [7, 30, 90].map((days) => ({ days, label: `近 ${days} 天` }));

/**
 * 数据看板 (staff): charts of the aggregates staff.dashboard computes in the database for the staff member's
 * district: passes by colour over the days, appeals by status, time to decision, guards' follow-up reports,
 * each with its figures in words below it.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    windows: WINDOWS,
    days: 30,
    panels: [] as DashboardPanel[],
    scope: '',
    generatedAt: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const result = await callFunction('staff', 'dashboard', { days: this.data.days });
      if (!result.ok) return this.showFailure(result);
      const view = result.data;
      this.setData({
        status: 'ready',
        panels: dashboardPanels(view),
        scope: view.district === null ? '全部街道' : view.district,
        generatedAt: formatBeijingTime(view.generatedAt),
      });
    },

    onWindowTap(event: TapWith<{ days: number }>): void {
      const { days } = event.currentTarget.dataset;
      if (days === this.data.days || this.data.status === 'loading') return;
      this.setData({ days });
      void this.load();
    },
  },
});
