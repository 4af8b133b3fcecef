import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { cloud } from './cloud';
import { createDialogs } from './dialogs';
import { installBuiltins } from './builtins';
import { readFile } from './environment';
import { createFaceScan } from './face-scan';
import { createMedia } from './media';
import { Router } from './router';
import { createScanner } from './scanner';
import { createScreen, NAV_BAR_HEIGHT, STATUS_BAR_HEIGHT } from './screen';
import { storage } from './storage';
import { translateMouseToTouch } from './touch';

/**
 * The phone frame of the preview: the real pages rendered by miniprogram-simulate, with the parts of `wx` they
 * use answered by the browser and the local CloudBase instead of simulate's stubs. APIs not replaced here keep
 * simulate's stub answers.
 */
const screen = createScreen({
  back: () => void router.navigateBack().catch(() => undefined),
  refresh: () => router.pullDownRefresh(),
});
const router = new Router(screen);
const dialogs = createDialogs(screen.overlay);
const scanner = createScanner(screen.overlay);
const media = createMedia(screen.overlay);
const faceScan = createFaceScan(screen.overlay);
translateMouseToTouch(screen.pages);

// Below the bottom of the screen an iPhone 14 keeps 34 points for the home indicator.
const HOME_INDICATOR_HEIGHT = 34;

function windowInfo() {
  const width = window.innerWidth;
  const height = window.innerHeight;
  const top = STATUS_BAR_HEIGHT;
  const bottom = height - HOME_INDICATOR_HEIGHT;
  return {
    pixelRatio: window.devicePixelRatio,
    screenWidth: width,
    screenHeight: height,
    windowWidth: width,
    windowHeight: height - STATUS_BAR_HEIGHT - NAV_BAR_HEIGHT,
    statusBarHeight: STATUS_BAR_HEIGHT,
    screenTop: STATUS_BAR_HEIGHT + NAV_BAR_HEIGHT,
    safeArea: { left: 0, right: width, top, bottom, width, height: bottom - top },
  };
}

/** Wraps a router method as a wx navigation API (callbacks or promise). */
function navigation<O extends object>(go: (options: O) => Promise<WxResult>) {
  return (options: O & Callbacks<WxResult>) => answer(options, () => go(options));
}

const bridge = {
  cloud,
  ...storage,
  ...dialogs,
  ...scanner,
  ...media,
  ...faceScan,
  navigateTo: navigation((options: { url: string }) => router.navigateTo(options)),
  redirectTo: navigation((options: { url: string }) => router.redirectTo(options)),
  navigateBack: navigation((options: { delta?: number }) => router.navigateBack(options)),
  reLaunch: navigation((options: { url: string }) => router.reLaunch(options)),
  switchTab: navigation((options: { url: string }) => router.switchTab(options)),
  setNavigationBarTitle(options: { title: string } & Callbacks<WxResult>) {
    return answer(options, async () => {
      screen.setTitle(options.title);
      return { errMsg: 'setNavigationBarTitle:ok' };
    });
  },
  startPullDownRefresh(options?: Callbacks<WxResult>) {
    return answer(options, async () => {
      router.pullDownRefresh();
      return { errMsg: 'startPullDownRefresh:ok' };
    });
  },
  stopPullDownRefresh(options?: Callbacks<WxResult>) {
    return answer(options, async () => {
      screen.setRefreshing(false);
      return { errMsg: 'stopPullDownRefresh:ok' };
    });
  },
  setClipboardData(options: { data: string } & Callbacks<WxResult>) {
    return answer(options, async () => {
      try {
        await navigator.clipboard.writeText(options.data);
      } catch (error) {
        throw failure('setClipboardData', String(error));
      }
      // WeChat confirms a copy with this toast itself.
      void dialogs.showToast({ title: '内容已复制', icon: 'none' });
      return { errMsg: 'setClipboardData:ok' };
    });
  },
  getWindowInfo: windowInfo,
  /** In the current page when not narrowed with `.in(component)`, as WeChat's global query is. */
  createSelectorQuery(): object {
    const page = router.current();
    if (!page) throw new Error('wx.createSelectorQuery() was called before any page opened');
    return page.component.instance.createSelectorQuery();
  },
};

const globals = window as unknown as {
  wx: Record<string, unknown>;
  App(options: Record<string, unknown>): void;
  getApp(): Record<string, unknown>;
  getCurrentPages(): unknown[];
};
Object.assign(globals.wx, bridge);

// getApp() answers the object App() was given, globalData and methods included, as WeChat does.
const app: Record<string, unknown> = {};
globals.App = (options) => void Object.assign(app, options);
globals.getApp = () => app;
globals.getCurrentPages = () => router.pages();

installBuiltins();
new Function(readFile('app.js'))();
const launch = { path: router.firstPage, query: {}, scene: 1001 };
for (const hook of ['onLaunch', 'onShow']) (app[hook] as ((options: typeof launch) => void) | undefined)?.call(app, launch);
void router.reLaunch({ url: `/${router.firstPage}` });
