import type { Role } from '../../../typings/contract';
import type { LoadStatus } from '../../components/state-view/index';
import { callFunction } from '../../services/cloud';
import { formatBeijingTime } from '../../utils/beijing-time';

const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  guard: '查验员',
  staff: '社区工作人员',
  admin: '管理员',
};

/**
 * 首页: who the caller is (their roles) and when that was read, from resident.session, plus what 通行 is.
 * Written with Component() so miniprogram-simulate can test it as it runs in WeChat.
 */
Component({
  data: {
    status: 'loading' as LoadStatus,
    errorMessage: '',
    roleLabels: [] as string[],
    /** Server time of the answer, so a stale screenshot shows an old time. */
    checkedAt: '',
  },
  lifetimes: {
    // attached rather than onLoad: WeChat fires attached for a page built with Component() (before onLoad)
    // and miniprogram-simulate fires it on attach(), while nothing calls onLoad there. This page reads no
    // query string, which is the one thing only onLoad receives.
    attached(): void {
      void this.load();
    },
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const session = await callFunction('resident', 'session', {});
      if (!session.ok) {
        this.setData({ status: 'error', errorMessage: session.message });
        return;
      }
      this.setData({
        status: 'ready',
        roleLabels: session.data.roles.map((role) => ROLE_LABELS[role]),
        checkedAt: formatBeijingTime(session.data.serverTime),
      });
    },
    onRetry(): void {
      // Only from the error state: a second tap before the view updates must not start a second call.
      if (this.data.status === 'error') void this.load();
    },
  },
});
