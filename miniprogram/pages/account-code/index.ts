import type { OneTimeCode } from '../../../typings/contract';
import type { LoadStatus } from '../../components/state-view/index';
import { callFunction } from '../../services/cloud';
import { elderMode } from '../../behaviors/elder-mode';

/**
 * 账号验证码: a short-lived code that identifies this WeChat account to staff at the counter, so they can move
 * a printed pass onto it or rebind a pass after a lost phone. Asked for on a tap rather than on opening: each
 * code is single-use, and opening the page to read what it is for should not make one.
 */
Component({
  behaviors: [elderMode],
  data: {
    /** '' until the person asks for a code. */
    status: '' as LoadStatus | '',
    errorMessage: '',
    code: null as OneTimeCode | null,
  },
  methods: {
    async onRequestTap(): Promise<void> {
      if (this.data.status === 'loading') return;
      this.setData({ status: 'loading', errorMessage: '' });
      const result = await callFunction('resident', 'accountCode', {});
      if (result.ok) this.setData({ status: 'ready', code: result.data });
      else this.setData({ status: 'error', errorMessage: result.message });
    },
  },
});
