/**
 * What the phone page finds loaded before the bridge: miniprogram-simulate's browser build (`window.simulate`),
 * the mini-program's files (`window.__FILE_MAP__`, written by scripts/build-preview.ts), and the identity the
 * preview shell chose (`?openid=` on the phone frame's address).
 */

/** A page or component instance as page code sees it (`this`): only what the bridge calls. */
export interface Instance {
  data: Record<string, unknown>;
  triggerEvent(name: string, detail?: unknown): void;
  createSelectorQuery(): object;
  [hook: string]: unknown;
}

/** j-component's RootComponent, as simulate.render answers it. */
export interface RenderedComponent {
  readonly dom: HTMLElement;
  readonly instance: Instance;
  attach(parent: Element): void;
  detach(): void;
  triggerPageLifeTime(name: string): void;
}

/** A built-in component defined in code (simulate.load with a definition object). */
export interface Definition {
  id: string;
  tagName: string;
  template: string;
  properties?: Record<string, { type: unknown; value?: unknown }>;
  observers?: Record<string, (this: Instance) => void>;
  lifetimes?: Record<string, (this: Instance) => void>;
}

interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string }): string;
  load(definition: Definition): string;
  render(id: string, properties?: Record<string, unknown>): RenderedComponent;
}

interface PreviewWindow {
  simulate: Simulate;
  __FILE_MAP__: Record<string, unknown>;
}

const loaded = window as unknown as PreviewWindow;

export const simulate = loaded.simulate;

/** The WeChat account this phone acts as; '' sends calls without one, as a caller WeChat did not sign in. */
export const openid = new URLSearchParams(window.location.search).get('openid') ?? '';

/** A text file of the mini-program (app.json, a page's JSON, app.js). */
export function readFile(name: string): string {
  const content = loaded.__FILE_MAP__[name];
  if (typeof content !== 'string') throw new Error(`${name} is not in the preview build: run npm run build`);
  return content;
}

/** The DOM element j-component renders a component into (its exparser node's `$$`). */
export function hostOf(instance: Instance): HTMLElement {
  return (instance as unknown as { _exparserNode: { $$: HTMLElement } })._exparserNode.$$;
}
