import { callFunction } from '../../services/cloud';
import { cachedKeySet, keySetDue, learnServerTime, refreshKeySet } from '../../services/offline-keys';
import { queuedScans, queueScan, uploadQueuedScans } from '../../services/scan-queue';
import { formatBeijingTime } from '../../utils/beijing-time';
import { keySetUsable, verifyOffline } from '../../utils/offline-verifier';
import { NO_OFFLINE_VERDICT_WORDS, offlineVerdictScreen, onlineVerdictScreen, type VerdictScreen } from '../../utils/verdict-display';
import { elderMode } from '../../behaviors/elder-mode';

/** idle: waiting for a scan; checking: a verdict is on its way; verdict: a full-screen verdict; message: no verdict, and why. */
type Phase = 'idle' | 'checking' | 'verdict' | 'message';

/**
 * 扫码查验: the guard scans with the camera (in-app scanner), or opens this page by scanning a code with WeChat's
 * own camera (the code's URL arrives URL-encoded as `q`). guard.verify answers online with the live colour, photo
 * and masked name; when the network is down the phone checks the code against the cached key set and says plainly
 * that the verdict is offline, and queues the scan for upload. It starts in onLoad, the one place WeChat hands a
 * page its query; miniprogram-simulate calls no onLoad, so tests call it as WeChat does, right after attaching.
 */
Component({
  behaviors: [elderMode],
  data: {
    phase: 'idle' as Phase,
    screen: null as VerdictScreen | null,
    message: '',
    /** The guard's post, '' until known (and for an account that is not a guard). */
    checkpointId: '',
    checkpointName: '',
    isGuard: false,
    /** Until when offline checks work, '' without a usable key set. */
    offlineUntil: '',
    queued: 0,
    reporting: false,
    reported: false,
    reportError: '',
  },
  methods: {
    async onLoad(query: { q?: string }): Promise<void> {
      const post = callFunction('guard', 'post', {});
      // A plain WeChat scan of a code's URL: judge it first, before anything else goes on the wire.
      if (query.q) await this.verify(decodeURIComponent(query.q));
      const answered = await post;
      if (!answered.ok) {
        // Offline, a guard is known by the key set only guards can fetch; FORBIDDEN says plainly it is not one.
        this.setData({ isGuard: answered.code !== 'FORBIDDEN' && cachedKeySet() !== null });
        this.showOfflineStatus();
        return;
      }
      this.setData({ isGuard: true, checkpointId: answered.data.checkpointId, checkpointName: answered.data.checkpointName });
      await this.syncWhileOnline();
    },
    onShow(): void {
      this.showOfflineStatus();
    },
    async onScanTap(): Promise<void> {
      if (this.data.phase === 'checking') return;
      let scanned: string;
      try {
        ({ result: scanned } = await wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }));
      } catch {
        // Cancelled, or the camera refused: the page stays as it was.
        return;
      }
      await this.verify(scanned);
    },
    async verify(scanned: string): Promise<void> {
      this.setData({ phase: 'checking', reported: false, reportError: '' });
      const params = this.data.checkpointId ? { scanned, checkpointId: this.data.checkpointId } : { scanned };
      const result = await callFunction('guard', 'verify', params);
      if (result.ok) {
        learnServerTime(result.data.serverTime);
        this.setData({ phase: 'verdict', screen: onlineVerdictScreen(result.data) });
        // Back online: scans checked offline go up now (no call when there are none).
        if (this.data.isGuard) await this.syncWhileOnline();
        return;
      }
      if (result.code !== 'UNAVAILABLE') {
        this.setData({ phase: 'message', message: result.message });
        return;
      }
      const check = verifyOffline(scanned, cachedKeySet(), Date.now());
      if (!check.ok) {
        this.setData({ phase: 'message', message: NO_OFFLINE_VERDICT_WORDS[check.reason] });
        return;
      }
      queueScan({ scannedAt: check.checkedAt, verdict: check.verdict, passRef: check.claims?.passRef ?? null, colourInToken: check.claims?.colour ?? null });
      this.setData({ phase: 'verdict', screen: offlineVerdictScreen(check) });
      this.showOfflineStatus();
    },
    /** 上报社区: one tap puts a yellow or red person on the community's follow-up list. */
    async onReportTap(): Promise<void> {
      const scanId = this.data.screen?.scanId;
      if (!scanId || this.data.reporting || this.data.reported) return;
      this.setData({ reporting: true, reportError: '' });
      const result = await callFunction('guard', 'reportFollowUp', { scanId });
      this.setData(result.ok ? { reporting: false, reported: true } : { reporting: false, reportError: result.message });
    },
    /** Online and a guard: upload what was checked offline, and keep the key set fresh for the next outage. */
    async syncWhileOnline(): Promise<void> {
      if (keySetDue(cachedKeySet(), Date.now())) await refreshKeySet();
      await uploadQueuedScans();
      this.showOfflineStatus();
    },
    showOfflineStatus(): void {
      const cache = cachedKeySet();
      const now = Date.now();
      this.setData({
        offlineUntil: keySetUsable(cache, now) ? formatBeijingTime(cache.keySet.expiresAt * 1000) : '',
        queued: queuedScans().length,
      });
    },
  },
});
