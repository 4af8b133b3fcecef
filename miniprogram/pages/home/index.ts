import type { PassView } from '../../../typings/contract';
import type { LoadStatus } from '../../components/state-view/index';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingTime } from '../../utils/beijing-time';
import { openEntry } from '../../utils/page-events';
import { ROLE_LABELS, isStaff } from '../../utils/roles';
import { elderMode, setElderMode } from '../../behaviors/elder-mode';

/**
 * 首页: who the caller is (resident.session) and their pass in brief (resident.myPass), or the way to apply;
 * the resident's entries, and staff entries for staff and admins; a guard sees their checkpoint.
 * Written with Component() so miniprogram-simulate can test it as it runs in WeChat.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    roleLabels: [] as string[],
    /** Server time of the answer, so a stale screenshot shows an old time. */
    checkedAt: '',
    isStaff: false,
    isGuard: false,
    passStatus: 'loading' as LoadStatus,
    passError: '',
    /** null once loaded means the account holds no pass yet. */
    pass: null as PassView | null,
    passSince: '',
    /** The guard's checkpoint, '' for everyone else. */
    post: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '', passStatus: 'loading', passError: '' });
      const [session, pass] = await Promise.all([
        callFunction('resident', 'session', {}),
        callFunction('resident', 'myPass', {}),
      ]);

      if (pass.ok) this.setData({ passStatus: 'ready', pass: pass.data, passSince: formatBeijingTime(pass.data.colourSince) });
      else if (pass.code === 'NO_PASS') this.setData({ passStatus: 'ready', pass: null });
      else this.setData({ passStatus: 'error', passError: pass.message });

      if (!session.ok) return this.showFailure(session);
      const { roles, serverTime } = session.data;
      this.setData({
        status: 'ready',
        roleLabels: roles.map((role) => ROLE_LABELS[role]),
        checkedAt: formatBeijingTime(serverTime),
        isStaff: isStaff(roles),
        isGuard: roles.includes('guard'),
        post: '',
      });
      if (this.data.isGuard) await this.loadPost();
    },
    async loadPost(): Promise<void> {
      const post = await callFunction('guard', 'post', {});
      this.setData({ post: post.ok ? `${post.data.checkpointName}（${post.data.checkpointId}）` : post.message });
    },
    /** Overrides loadsOnOpen's: either card's 重试 reloads both. */
    onRetry(): void {
      // Only from an error state: a second tap before the view updates must not start a second call.
      if (this.data.status === 'error' || this.data.passStatus === 'error') void this.load();
    },
    /** Back from applying, redeeming an invitation or a staff page: roles and pass may have changed. */
    onShow(): void {
      // The first show comes right after attached, while that load is still running.
      if (this.data.status !== 'loading') void this.load();
    },
    /** 长辈模式 is switched here, where every resident starts, and remembered on the phone. */
    onElderTap(): void {
      const elder = !this.data.elder;
      setElderMode(elder);
      this.setData({ elder });
    },
    onEntryTap: openEntry,
  },
});
