import type { Colour } from '../../../typings/contract';
import type { LoadStatus } from '../../components/state-view/index';
import { callFunction } from '../../services/cloud';
import { CodeKeeper, type CodeState } from '../../services/code-keeper';
import { formatBeijingClock, formatBeijingDate } from '../../utils/beijing-time';
import { openEntry } from '../../utils/page-events';
import { COLOUR_HINTS, COLOUR_WORDS } from '../../utils/pass-display';
import { elderMode } from '../../behaviors/elder-mode';

/** What the page binds, derived from the keeper's state. */
interface CodeScreen {
  status: LoadStatus;
  errorMessage: string;
  /** The QR is drawn only while the code may be shown as valid. */
  qrShown: boolean;
  url: string;
  colour: Colour | '';
  colourWord: string;
  colourHint: string;
  reasons: string[];
  nameMasked: string;
  photo: string;
  /** The live clock (Beijing time on the server's clock): a screenshot shows a frozen one. */
  clock: string;
  date: string;
  /** When the code on screen was issued. */
  updatedAt: string;
  /** Why no QR is shown although a code was received, '' while it is valid. */
  notice: string;
  /** A valid code is on screen but the last refresh failed: it will try again before the code expires. */
  refreshTrouble: boolean;
}

const CANCELLED_NOTICE = '此通行证已注销，不能用于通行。如有疑问，请到社区咨询。';
const EXPIRED_NOTICE = '通行码已过期，正在重新获取…';
const EXPIRED_OFFLINE_NOTICE = '通行码已过期。网络异常，正在重新获取，请检查手机网络';

function screenOf(state: CodeState): CodeScreen {
  const { code, failure } = state;
  return {
    status: code ? 'ready' : failure ? 'error' : 'loading',
    errorMessage: failure?.message ?? '',
    qrShown: state.valid,
    url: code?.url ?? '',
    colour: code?.colour ?? '',
    colourWord: code ? COLOUR_WORDS[code.colour] : '',
    colourHint: code ? COLOUR_HINTS[code.colour] : '',
    reasons: code?.reasons.map((reason) => reason.zh) ?? [],
    nameMasked: code?.nameMasked ?? '',
    photo: code?.photo ?? '',
    clock: formatBeijingClock(state.serverNow),
    date: formatBeijingDate(state.serverNow),
    updatedAt: code ? formatBeijingClock(code.issuedAt) : '',
    notice: !code || state.valid ? '' : code.status === 'cancelled' ? CANCELLED_NOTICE : failure?.code === 'UNAVAILABLE' ? EXPIRED_OFFLINE_NOTICE : EXPIRED_NOTICE,
    refreshTrouble: state.valid && failure !== null,
  };
}

/** The keeper of each open code page (a page may be open twice in the stack, e.g. own and a family member's). */
const keepers = new WeakMap<object, CodeKeeper>();

/**
 * 我的通行码, or with `grantId` a family member's code (家人代为出示): the signed QR with a white quiet zone, framed in
 * the colour and saying it in words, the masked name and photo, and a live clock. The code refreshes itself before
 * it expires (services/code-keeper.ts); an expired code is never shown as valid: the QR goes and the page says why.
 * It starts in onLoad, the one place WeChat hands a page its query (grantId); miniprogram-simulate calls no onLoad,
 * so tests call it as WeChat does, right after attaching.
 */
Component({
  behaviors: [elderMode],
  data: {
    status: 'loading',
    errorMessage: '',
    qrShown: false,
    url: '',
    colour: '',
    colourWord: '',
    colourHint: '',
    reasons: [],
    nameMasked: '',
    photo: '',
    clock: '',
    date: '',
    updatedAt: '',
    notice: '',
    refreshTrouble: false,
    isFamily: false,
  } as CodeScreen & { isFamily: boolean },
  lifetimes: {
    detached(): void {
      keepers.get(this)?.pause();
    },
  },
  methods: {
    onLoad(query: { grantId?: string; scene?: string }): void {
      const grantId = query.grantId ?? '';
      // Opened by scanning a venue poster (场所码): WeChat passes its code's scene, percent-encoded.
      if (query.scene && grantId === '') void this.checkIn(decodeURIComponent(query.scene));
      this.setData({ isFamily: grantId !== '' });
      const keeper = new CodeKeeper({
        fetch: () => (grantId === '' ? callFunction('resident', 'code', {}) : callFunction('resident', 'familyCode', { grantId })),
        storageKey: grantId === '' ? 'tx.code.own' : `tx.code.family.${grantId}`,
        onChange: (state) => this.show(screenOf(state)),
      });
      keepers.set(this, keeper);
      keeper.start();
    },
    onShow(): void {
      keepers.get(this)?.resume();
    },
    onHide(): void {
      keepers.get(this)?.pause();
    },
    onRetry(): void {
      keepers.get(this)?.refreshNow();
    },
    onEntryTap: openEntry,
    /** Records the check-in once per opening; the code shows as always, whatever the answer. */
    async checkIn(scene: string): Promise<void> {
      const result = await callFunction('resident', 'checkIn', { scene });
      void wx.showToast({ title: result.ok ? `已登记：${result.data.venueName}` : result.message, icon: 'none' });
    },
    /** Sends only what changed: every second most of the screen stays as it is. */
    show(screen: CodeScreen): void {
      const current = this.data as unknown as Record<string, unknown>;
      const changed = Object.entries(screen).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key]));
      if (changed.length > 0) this.setData(Object.fromEntries(changed));
    },
  },
});
