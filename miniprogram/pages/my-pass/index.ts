import type { PassView } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { openEntry } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

/**
 * 我的通行证: the caller's own pass (resident.myPass), or, without one, the way to apply. Pull down to read it
 * again: the colour can change while the page is open.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    /** null once loaded means the account holds no pass yet. */
    pass: null as PassView | null,
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const result = await callFunction('resident', 'myPass', {});
      if (result.ok) this.setData({ status: 'ready', pass: result.data });
      else if (result.code === 'NO_PASS') this.setData({ status: 'ready', pass: null });
      else this.showFailure(result);
    },
    async onPullDownRefresh(): Promise<void> {
      if (this.data.status !== 'loading') await this.load();
      void wx.stopPullDownRefresh();
    },
    onEntryTap: openEntry,
  },
});
