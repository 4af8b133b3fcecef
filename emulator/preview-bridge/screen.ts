import { element } from './ui';

/**
 * The phone's screen around the pages: status bar, WeChat's navigation bar (back, title, the capsule), the area
 * pages render into, and a layer for dialogs. Sizes are an iPhone 14's (390 × 844 points), the frame the
 * preview shell gives the phone.
 */
export const STATUS_BAR_HEIGHT = 47;
export const NAV_BAR_HEIGHT = 44;

/** How the navigation bar looks for one page: app.json's window settings overridden by the page's JSON. */
export interface NavBarStyle {
  title: string;
  background: string;
  textStyle: 'black' | 'white';
  /** navigationStyle "custom": the page draws its own bar under the status bar. */
  custom: boolean;
  /** enablePullDownRefresh: a mouse cannot pull down, so the bar offers a refresh button instead. */
  refreshable: boolean;
}

export interface Screen {
  /** Where each page's `<page>` element goes. */
  pages: HTMLElement;
  /** Toasts, dialogs and the scanner sheet. */
  overlay: HTMLElement;
  showNavBar(style: NavBarStyle, canGoBack: boolean): void;
  setTitle(title: string): void;
  setRefreshing(refreshing: boolean): void;
}

export function createScreen(actions: { back(): void; refresh(): void }): Screen {
  const statusBar = element('div', 'status-bar');
  const clock = element('span', 'status-bar__time');
  statusBar.append(clock, element('span', 'status-bar__icons', '5G ▮▮▮▮ 100%'));
  const showTime = () => {
    // The phone is in China, whatever the zone of the computer showing it.
    clock.textContent = new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
  };
  showTime();
  setInterval(showTime, 30_000);

  const navBar = element('div', 'nav-bar');
  const back = element('button', 'nav-bar__back', '‹');
  back.setAttribute('aria-label', '返回');
  back.addEventListener('click', actions.back);
  const title = element('div', 'nav-bar__title');
  const refresh = element('button', 'nav-bar__refresh', '↻');
  refresh.setAttribute('aria-label', '刷新（下拉刷新）');
  refresh.addEventListener('click', actions.refresh);
  // The capsule (more, close) WeChat draws on every page; here only for the look.
  const capsule = element('div', 'nav-bar__capsule', '•••  ◉');
  navBar.append(back, title, refresh, capsule);

  const refreshing = element('div', 'refreshing', '正在刷新…');
  const pages = element('div', 'pages');
  const overlay = element('div', 'overlay');
  document.body.append(statusBar, navBar, refreshing, pages, overlay);
  document.documentElement.style.setProperty('--status-bar-height', `${STATUS_BAR_HEIGHT}px`);
  document.documentElement.style.setProperty('--nav-bar-height', `${NAV_BAR_HEIGHT}px`);

  return {
    pages,
    overlay,
    showNavBar(style, canGoBack) {
      document.body.classList.toggle('nav-custom', style.custom);
      // The status bar takes the navigation bar's colours, as in WeChat; a custom bar leaves it to the page.
      for (const bar of [statusBar, navBar]) {
        bar.style.backgroundColor = style.custom ? 'transparent' : style.background;
        bar.classList.toggle('bar--white', style.textStyle === 'white');
      }
      title.textContent = style.title;
      back.hidden = !canGoBack;
      refresh.hidden = !style.refreshable;
    },
    setTitle(text) {
      title.textContent = text;
    },
    setRefreshing(on) {
      refreshing.classList.toggle('refreshing--on', on);
    },
  };
}
