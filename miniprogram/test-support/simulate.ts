/**
 * Helpers for tests that render pages and components with miniprogram-simulate, so each test reads as what a
 * person does (open, type, tap) and sees (text).
 */
import * as path from 'path';
import * as simulate from 'miniprogram-simulate';

const MINIPROGRAM_ROOT = path.resolve(__dirname, '..');

export type Rendered = ReturnType<typeof simulate.render>;
/** Any node of a rendered tree: an element, or a child component whose `data` a test may read. */
export type ViewNode = NonNullable<ReturnType<Rendered['querySelector']>>;

/**
 * simulate's built-in components are empty shells that drop their attributes. These stand-ins keep the
 * properties pages bind, so a test can read `node.data.disabled` or `.src` as WeChat would receive them.
 */
const BUILTIN_PROPERTIES: Record<string, WechatMiniprogram.Component.PropertyOption> = {
  button: { disabled: Boolean, openType: String },
  image: { src: String, mode: String },
  input: { value: String, type: String, maxlength: Number },
};
for (const [name, properties] of Object.entries(BUILTIN_PROPERTIES)) {
  simulate.load({ id: name, tagName: `wx-${name}`, template: '<slot/>', properties });
}

/**
 * Loads a page or component by its path under miniprogram/ (e.g. 'pages/apply/index'). Call it once per test
 * file, in beforeAll: simulate cannot load the same path twice in one module registry.
 */
export function loadComponent(relativePath: string, tagName: string): string {
  return simulate.load(path.join(MINIPROGRAM_ROOT, relativePath), tagName, { rootPath: MINIPROGRAM_ROOT });
}

/**
 * Renders and attaches, which fires `attached`: where pages start loading (simulate calls no onLoad).
 */
export function open(id: string): Rendered {
  const rendered = simulate.render(id);
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

/**
 * Opens a page that reads its query (grantId, a scanned `q`) as WeChat runs it: attached, then onLoad(query),
 * which simulate never calls by itself.
 */
export function openWithQuery(id: string, query: Record<string, string>): Rendered {
  const page = open(id);
  page.instance.onLoad(query);
  return page;
}

/** Opens a page and lets its first load answer: most tests start from what the page shows once loaded. */
export async function openLoaded(id: string): Promise<Rendered> {
  const rendered = open(id);
  await settle();
  return rendered;
}

/** Lets pending calls answer and the view update. */
export function settle(): Promise<void> {
  return simulate.sleep(0);
}

export function textOf(node: ViewNode): string {
  return (node.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The one node for a selector (">>>" reaches into child components); fails the test by name when missing. */
export function find(root: ViewNode, selector: string): ViewNode {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  return node;
}

export function exists(root: ViewNode, selector: string): boolean {
  return root.querySelector(selector) !== undefined;
}

/** Taps and lets the handler run: simulate delivers events on a microtask, as WeChat delivers them later. */
export async function tap(root: ViewNode, selector: string): Promise<void> {
  find(root, selector).dispatchEvent('tap');
  await settle();
}

/** Types into an input as WeChat reports it (bindinput with detail.value) and lets the handler run. */
export async function typeInto(root: ViewNode, selector: string, value: string): Promise<void> {
  find(root, selector).dispatchEvent('input', { detail: { value } });
  await settle();
}

/** A fixture host that uses components as a page would (the Vant and TDesign way): bound data, recorded events. */
export function mountHost(options: {
  template: string;
  usingComponents: Record<string, string>;
  data?: Record<string, unknown>;
  methods?: Record<string, (...args: never[]) => unknown>;
}): Rendered {
  const rendered = simulate.render(simulate.load(options));
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

/** Answers wx.showModal as if the person tapped 确定 (confirm) or 取消, having typed `content` if editable. */
export function answerModal(confirm: boolean, content = ''): jest.SpyInstance {
  const answer: WechatMiniprogram.ShowModalSuccessCallbackResult = { confirm, cancel: !confirm, content, errMsg: 'showModal:ok' };
  return jest.spyOn(wx, 'showModal').mockResolvedValue(answer);
}
