import { ROUTES } from '../../utils/routes';

/**
 * How a pending privacy authorisation ends (base library ≥ 2.32.3): agreed with the id of the tapped
 * `open-type="agreePrivacyAuthorization"` button, which WeChat checks was tapped; refused; or, before either, the
 * popup reported as shown. The typings (miniprogram-api-typings 5.2.3) give the listener a GeneralCallbackResult
 * in place of these two arguments, hence our own types.
 */
export type PrivacyResolution = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };
export type PrivacyResolve = (resolution: PrivacyResolution) => void;
export type PrivacyListener = (resolve: PrivacyResolve, eventInfo?: { referrer?: string }) => void;

/** The parts of wx this needs, each missing on an older base library and in the browser preview. */
interface PrivacyApi {
  onNeedPrivacyAuthorization?: (listener: PrivacyListener) => void;
  openPrivacyContract?: (options: WechatMiniprogram.OpenPrivacyContractOption) => void;
}

/** The agree button's WXML id: WeChat checks that the button of this id was tapped before it lets the API go on. */
const AGREE_BUTTON_ID = 'tx-privacy-agree';

/** What the person was doing when WeChat asked, by the API that asked (eventInfo.referrer), in their words. */
const USES: Record<string, string> = {
  chooseMedia: '选择照片',
  chooseImage: '选择照片',
  setClipboardData: '复制',
  scanCode: '扫码',
  saveImageToPhotosAlbum: '保存图片',
};

/** The authorisations each popup holds open: WeChat may ask again (two APIs at once) before the person answers. */
const pending = new WeakMap<object, PrivacyResolve[]>();

/**
 * WeChat's privacy authorisation (用户隐私保护指引, `__usePrivacyCheck__` in app.json): where a page calls a
 * privacy API (choosing photos, copying) before the person agreed to the guide, WeChat holds the call and asks
 * here. The popup offers 查看《隐私保护指引》 and 同意 / 不同意; the held call goes on, or fails, accordingly.
 * Put it in every page that calls such an API. The listener is WeChat's one (each registration replaces the last),
 * so it is registered again whenever the page shows. Without the API (old base library, browser preview) it
 * does nothing.
 */
Component({
  data: { shown: false, use: '' },
  lifetimes: {
    attached(): void {
      this.listen();
    },
    /** The page closed while asking: the held call fails rather than waiting for ever. */
    detached(): void {
      this.release({ event: 'disagree' });
    },
  },
  pageLifetimes: {
    show(): void {
      this.listen();
    },
  },
  methods: {
    listen(): void {
      const api = wx as unknown as PrivacyApi;
      if (typeof api.onNeedPrivacyAuthorization !== 'function') return;
      api.onNeedPrivacyAuthorization((resolve, eventInfo) => {
        pending.set(this, [...(pending.get(this) ?? []), resolve]);
        this.setData({ shown: true, use: USES[eventInfo?.referrer ?? ''] ?? '' });
        resolve({ event: 'exposureAuthorization' });
      });
    },
    /** Ends every held authorisation the same way. */
    release(resolution: PrivacyResolution): void {
      const resolves = pending.get(this) ?? [];
      pending.delete(this);
      for (const resolve of resolves) resolve(resolution);
    },
    /** The person answered: the held calls go on or fail, and the popup closes. */
    answer(resolution: PrivacyResolution): void {
      this.release(resolution);
      this.setData({ shown: false });
    },
    /** bindagreeprivacyauthorization: WeChat has recorded the tap on the agree button. */
    onAgree(): void {
      this.answer({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    },
    onDisagreeTap(): void {
      this.answer({ event: 'disagree' });
    },
    /** The guide as set in the mini-program's admin console; where WeChat cannot open it, ours. */
    onContractTap(): void {
      const api = wx as unknown as PrivacyApi;
      const openOurs = () => void wx.navigateTo({ url: ROUTES.privacy });
      if (typeof api.openPrivacyContract === 'function') api.openPrivacyContract({ fail: openOurs });
      else openOurs();
    },
  },
});
