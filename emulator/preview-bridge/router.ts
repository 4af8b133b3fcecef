import { failure, type WxResult } from './callbacks';
import { readFile, simulate, type Instance, type RenderedComponent } from './environment';
import type { NavBarStyle, Screen } from './screen';

interface AppJson {
  pages: string[];
  window?: WindowSettings;
  tabBar?: { list: Array<{ pagePath: string }> };
}

interface WindowSettings {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
  navigationStyle?: 'default' | 'custom';
  enablePullDownRefresh?: boolean;
}

/** A page on the stack. */
interface OpenPage {
  route: string;
  component: RenderedComponent;
  element: HTMLElement;
  style: NavBarStyle;
}

/** What getCurrentPages() answers for a page: its instance, with the route and query WeChat puts on it. */
export type PageInstance = Instance & { route: string; options: Record<string, string> };

// WeChat keeps at most ten pages on the stack.
const MAX_PAGES = 10;
// Names j-component takes as node attributes rather than properties: a query key must not set them.
const RESERVED = new Set(['id', 'class', 'style', 'slot']);

/** `a=1&b=x%20y` as WeChat hands it to onLoad: values as they appear in the URL, not decoded. */
function parseQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    query[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1);
  }
  return query;
}

/** A page path from a URL, absolute (`/pages/a/index`) or relative to the page navigating (`../b/index`). */
function resolveRoute(path: string, from: string | undefined): string {
  const segments = path.startsWith('/') || !from ? [] : from.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** pages/staff-passes/index → pages-staff-passes: the page's tag name and its class prefix. */
function tagFor(route: string): string {
  return route.replace(/\/index$/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/**
 * WeChat's page stack. Each page is loaded through simulate (once per route; rendered anew on every visit) into
 * its own `<page>` element, which app.wxss's `page` rule styles. Pages built with Component() declare their
 * page hooks in methods; simulate calls none of them, so the router does: onLoad(query) and onShow after the
 * page attaches (WeChat calls onLoad before `ready`, simulate's attach fires both attached and ready), onHide
 * when another covers it, onShow again when it is uncovered, onUnload when it goes. The page's own
 * pageLifetimes get show and hide with them.
 */
export class Router {
  private readonly app = JSON.parse(readFile('app.json')) as AppJson;
  private readonly stack: OpenPage[] = [];
  private readonly loaded = new Map<string, string>();

  constructor(private readonly screen: Screen) {}

  get firstPage(): string {
    return this.app.pages[0] ?? '';
  }

  current(): OpenPage | undefined {
    return this.stack[this.stack.length - 1];
  }

  pages(): PageInstance[] {
    return this.stack.map((page) => page.component.instance as PageInstance);
  }

  async navigateTo({ url }: { url: string }): Promise<WxResult> {
    const target = this.target('navigateTo', url);
    if (this.stack.length >= MAX_PAGES) throw failure('navigateTo', 'webview count limit exceed');
    const covered = this.current();
    if (covered) this.hide(covered);
    this.open(target.route, target.query);
    return { errMsg: 'navigateTo:ok' };
  }

  async redirectTo({ url }: { url: string }): Promise<WxResult> {
    const target = this.target('redirectTo', url);
    const leaving = this.stack.pop();
    if (leaving) this.unload(leaving);
    this.open(target.route, target.query);
    return { errMsg: 'redirectTo:ok' };
  }

  async navigateBack({ delta = 1 }: { delta?: number } = {}): Promise<WxResult> {
    if (this.stack.length <= 1) throw failure('navigateBack', 'cannot navigate back at first page.');
    for (let count = 0; count < delta && this.stack.length > 1; count++) this.unload(this.stack.pop() as OpenPage);
    this.show(this.current() as OpenPage);
    return { errMsg: 'navigateBack:ok' };
  }

  async reLaunch({ url }: { url: string }): Promise<WxResult> {
    const target = this.target('reLaunch', url);
    while (this.stack.length > 0) this.unload(this.stack.pop() as OpenPage);
    this.open(target.route, target.query);
    return { errMsg: 'reLaunch:ok' };
  }

  async switchTab({ url }: { url: string }): Promise<WxResult> {
    const target = this.target('switchTab', url);
    // As in WeChat: only a page of app.json's tabBar can be switched to (this app has no tab bar).
    if (!this.app.tabBar?.list.some((tab) => tab.pagePath === target.route)) {
      throw failure('switchTab', 'can not switch to no-tabBar page');
    }
    return { ...(await this.reLaunch({ url: `/${target.route}` })), errMsg: 'switchTab:ok' };
  }

  /** The page's onPullDownRefresh, as a pull on the page would call it. */
  pullDownRefresh(): void {
    const page = this.current();
    if (!page?.style.refreshable) return;
    this.screen.setRefreshing(true);
    void this.call(page, 'onPullDownRefresh');
  }

  private target(api: string, url: string): { route: string; query: Record<string, string> } {
    const at = url.indexOf('?');
    const route = resolveRoute(at < 0 ? url : url.slice(0, at), this.current()?.route);
    if (!this.app.pages.includes(route)) throw failure(api, `page "${route}" is not found`);
    return { route, query: parseQuery(at < 0 ? '' : url.slice(at + 1)) };
  }

  private open(route: string, query: Record<string, string>): void {
    let id = this.loaded.get(route);
    if (!id) {
      id = simulate.load(`/${route}`, tagFor(route), { rootPath: '/' });
      this.loaded.set(route, id);
    }
    // A page's properties receive the query values of the same name, as in WeChat.
    const properties = Object.fromEntries(Object.entries(query).filter(([key]) => !RESERVED.has(key)));
    const component = simulate.render(id, properties);
    const element = document.createElement('page');
    this.screen.pages.append(element);
    const page: OpenPage = { route, component, element, style: this.styleOf(route) };
    Object.assign(component.instance, { route, options: query });
    this.stack.push(page);
    component.attach(element);
    void this.call(page, 'onLoad', query);
    this.show(page);
  }

  private hide(page: OpenPage): void {
    page.element.hidden = true;
    page.component.triggerPageLifeTime('hide');
    void this.call(page, 'onHide');
  }

  private show(page: OpenPage): void {
    page.element.hidden = false;
    this.screen.showNavBar(page.style, this.stack.length > 1);
    page.component.triggerPageLifeTime('show');
    void this.call(page, 'onShow');
  }

  private unload(page: OpenPage): void {
    void this.call(page, 'onUnload');
    page.component.detach();
    page.element.remove();
  }

  /** Calls a page hook if the page has it; an async hook's failure is logged, as WeChat logs it. */
  private async call(page: OpenPage, hook: string, ...args: unknown[]): Promise<void> {
    const method = page.component.instance[hook];
    if (typeof method !== 'function') return;
    try {
      await (method as (...values: unknown[]) => unknown).apply(page.component.instance, args);
    } catch (error) {
      console.error(`${page.route} ${hook} failed`, error);
    }
  }

  private styleOf(route: string): NavBarStyle {
    const settings: WindowSettings = { ...this.app.window, ...(JSON.parse(readFile(`${route}.json`)) as WindowSettings) };
    return {
      title: settings.navigationBarTitleText ?? '',
      background: settings.navigationBarBackgroundColor ?? '#000000',
      textStyle: settings.navigationBarTextStyle ?? 'white',
      custom: settings.navigationStyle === 'custom',
      refreshable: settings.enablePullDownRefresh === true,
    };
  }
}
