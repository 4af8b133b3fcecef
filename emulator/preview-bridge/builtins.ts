import { hostOf, simulate, type Definition, type Instance } from './environment';
import { displayableUrl } from './media';

/**
 * simulate's built-in components are empty `<slot/>` shells: an `<input>` takes no typing, an `<image>` shows
 * nothing and a `<canvas>` has no node to draw on. These replace the ones the pages use with components that
 * put the matching HTML element inside the built-in's own element (`wx-input`, `wx-image`, …), keep it in step
 * with the properties the page binds, and report its events as WeChat does. The WXML id goes onto the HTML
 * element, so `#id-number` finds the field in a browser as in a page's selector.
 */

/** Puts the component's WXML id on the HTML element that stands for it. */
function adoptId(instance: Instance, element: HTMLElement): void {
  if (typeof instance.id === 'string' && instance.id) element.id = instance.id;
}

type WithElement<E> = Instance & { element?: E };

/** A built-in as j-component renders it: a `wx-<tag>` element around its slot. */
function builtin(tag: string, parts: Pick<Definition, 'properties' | 'observers' | 'lifetimes'>): Definition {
  return { id: tag, tagName: `wx-${tag}`, template: '<slot/>', ...parts };
}

/** Puts the HTML element into the built-in's own element, with its WXML id, and brings it in step with the properties. */
function mount<E extends HTMLElement>(instance: WithElement<E>, element: E, sync: (this: WithElement<E>) => void): void {
  adoptId(instance, element);
  hostOf(instance).append(element);
  instance.element = element;
  sync.call(instance);
}

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

// The keyboard WeChat shows for each input type; idcard is digits and X, which a text keyboard covers.
const INPUT_MODES: Record<string, string> = { number: 'numeric', digit: 'decimal', idcard: 'text', text: 'text' };

function syncField(this: WithElement<FieldElement>): void {
  const field = this.element;
  if (!field) return;
  const data = this.data as { value: string; placeholder: string; maxlength: number; type?: string };
  if (field.value !== data.value) field.value = data.value;
  field.placeholder = data.placeholder;
  // -1 means no limit, as in WeChat.
  if (data.maxlength >= 0) field.maxLength = data.maxlength;
  else field.removeAttribute('maxlength');
  if (data.type) field.inputMode = INPUT_MODES[data.type] ?? 'text';
}

/** `<input>` and `<textarea>` with the properties and the input event the pages use. */
function fieldDefinition(tag: 'input' | 'textarea'): Definition {
  const properties: Definition['properties'] = {
    value: { type: String, value: '' },
    placeholder: { type: String, value: '' },
    maxlength: { type: Number, value: 140 },
  };
  if (tag === 'input') properties.type = { type: String, value: 'text' };
  return builtin(tag, {
    properties,
    observers: { '**': syncField },
    lifetimes: {
      attached(this: WithElement<FieldElement>) {
        const field = document.createElement(tag);
        field.addEventListener('input', () =>
          this.triggerEvent('input', { value: field.value, cursor: field.selectionStart ?? field.value.length, keyCode: 0 }),
        );
        mount(this, field, syncField);
      },
    },
  });
}

/** How each mode of `<image>` scales the picture into the element's box. */
const IMAGE_FIT: Record<string, { fit: string; position: string }> = {
  scaleToFill: { fit: 'fill', position: 'center' },
  aspectFit: { fit: 'contain', position: 'center' },
  aspectFill: { fit: 'cover', position: 'center' },
  widthFix: { fit: 'fill', position: 'center' },
  heightFix: { fit: 'fill', position: 'center' },
  top: { fit: 'none', position: 'center top' },
  bottom: { fit: 'none', position: 'center bottom' },
  center: { fit: 'none', position: 'center' },
  left: { fit: 'none', position: 'left center' },
  right: { fit: 'none', position: 'right center' },
  'top left': { fit: 'none', position: 'left top' },
  'top right': { fit: 'none', position: 'right top' },
  'bottom left': { fit: 'none', position: 'left bottom' },
  'bottom right': { fit: 'none', position: 'right bottom' },
};

function syncImage(this: WithElement<HTMLImageElement>): void {
  const image = this.element;
  if (!image) return;
  const { src, mode } = this.data as { src: string; mode: string };
  if (src) image.src = displayableUrl(src);
  else image.removeAttribute('src');
  const fit = IMAGE_FIT[mode] ?? (IMAGE_FIT.scaleToFill as { fit: string; position: string });
  image.style.objectFit = fit.fit;
  image.style.objectPosition = fit.position;
  // widthFix and heightFix size the element from the picture: phone.css reads the mode from here.
  hostOf(this).dataset.mode = mode;
}

const image = builtin('image', {
  properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' } },
  observers: { 'src, mode': syncImage },
  lifetimes: {
    attached(this: WithElement<HTMLImageElement>) {
      mount(this, Object.assign(document.createElement('img'), { alt: '' }), syncImage);
    },
  },
});

/** The node WeChat hands out for `<canvas type="2d">`: an HTML canvas plus the three methods WeChat adds. */
function canvasNode(host: HTMLElement): HTMLCanvasElement {
  let canvas = host.querySelector('canvas');
  if (!canvas) {
    canvas = document.createElement('canvas');
    Object.assign(canvas, {
      createImage: () => new Image(),
      requestAnimationFrame: (callback: FrameRequestCallback) => window.requestAnimationFrame(callback),
      cancelAnimationFrame: (handle: number) => window.cancelAnimationFrame(handle),
    });
    host.append(canvas);
  }
  return canvas;
}

const canvas = builtin('canvas', {
  properties: { type: { type: String, value: '' }, canvasId: { type: String, value: '' } },
  lifetimes: {
    attached(this: Instance) {
      adoptId(this, canvasNode(hostOf(this)));
    },
  },
});

type PickerElement = HTMLInputElement | HTMLSelectElement;
type Picker = WithElement<PickerElement>;

/** A selector's choices as WeChat takes `range`: strings, or objects labelled by their `range-key` field. */
function choicesOf(range: unknown, rangeKey: string): string[] {
  if (!Array.isArray(range)) return [];
  return range.map((choice: unknown) =>
    rangeKey && typeof choice === 'object' && choice !== null ? String((choice as Record<string, unknown>)[rangeKey]) : String(choice),
  );
}

function syncPicker(this: Picker): void {
  const field = this.element;
  if (!field) return;
  const { value, start, end, range, rangeKey } = this.data as { value: string; start: string; end: string; range: unknown; rangeKey: string };
  if (field instanceof HTMLSelectElement) {
    const labels = choicesOf(range, rangeKey);
    if (labels.join('\n') !== Array.from(field.options, (option) => option.text).join('\n')) {
      field.replaceChildren(...labels.map((label, index) => new Option(label, String(index))));
    }
    field.value = String(Number(value) || 0);
    return;
  }
  field.value = value;
  field.min = start;
  field.max = end;
}

/**
 * `<picker>` in the two modes the pages use, as an HTML field laid transparently over the page's own content, so
 * a tap opens the browser's chooser where WeChat would open its sheet: `date` is a date input whose choice fires
 * `change` with `YYYY-MM-DD`; `selector` (WeChat's default) is a select over `range` whose choice fires `change`
 * with the index, as WeChat does.
 */
const picker = builtin('picker', {
  properties: {
    mode: { type: String, value: 'selector' },
    value: { type: String, value: '' },
    start: { type: String, value: '' },
    end: { type: String, value: '' },
    range: { type: Array, value: [] },
    rangeKey: { type: String, value: '' },
  },
  observers: { 'value, start, end, range, rangeKey': syncPicker },
  lifetimes: {
    attached(this: Picker) {
      const { mode } = this.data;
      if (mode !== 'date' && mode !== 'selector') throw new Error(`the preview has no <picker mode="${String(mode)}">`);
      const field =
        mode === 'date'
          ? Object.assign(document.createElement('input'), { type: 'date', className: 'picker__date' })
          : Object.assign(document.createElement('select'), { className: 'picker__select' });
      field.addEventListener('change', () => this.triggerEvent('change', { value: mode === 'date' ? field.value : Number(field.value) }));
      mount(this, field, syncPicker);
    },
  },
});

const BUTTON_ATTRIBUTES = ['type', 'size', 'disabled'] as const;

/** Mirrors the button's properties onto its element, where phone.css draws WeChat's button styles from them. */
function syncButton(this: Instance): void {
  const host = hostOf(this);
  for (const name of BUTTON_ATTRIBUTES) {
    const value = this.data[name];
    if (value === false || value === '') host.removeAttribute(name);
    else host.setAttribute(name, value === true ? '' : String(value));
  }
  host.setAttribute('aria-disabled', String(this.data.disabled === true));
}

const button = builtin('button', {
  properties: {
    type: { type: String, value: 'default' },
    size: { type: String, value: 'default' },
    disabled: { type: Boolean, value: false },
  },
  observers: { '**': syncButton },
  lifetimes: {
    attached(this: Instance) {
      const host = hostOf(this);
      host.setAttribute('role', 'button');
      adoptId(this, host);
      syncButton.call(this);
    },
  },
});

interface QueuedField {
  selector: string;
  /** The component the query runs in (0 for selectViewport). */
  exparserNode: { shadowRoot: { querySelector(selector: string): { $$: HTMLElement } | null; querySelectorAll(selector: string): Array<{ $$: HTMLElement }> } } | 0;
  isSelectSingle: boolean;
  fields: { node?: boolean };
}

interface QueryState {
  _queue: QueuedField[];
  _queueCallback: Array<((result: unknown) => void) | null>;
}

/** The node a query result gets: a canvas's drawing surface; other elements have none here. */
function nodeOf(element: HTMLElement): HTMLCanvasElement | undefined {
  return element.tagName.toLowerCase() === 'wx-canvas' ? canvasNode(element) : undefined;
}

/**
 * j-component's SelectorQuery answers every field but `node`. This wraps its `exec` so that results asked with
 * `fields({ node: true })` carry the HTML canvas: the query's own result objects are filled in before the
 * page's callbacks see them.
 */
function answerNodeField(probe: Instance): void {
  const prototype = Object.getPrototypeOf(probe.createSelectorQuery()) as { exec(this: QueryState, callback?: (results: unknown[]) => void): void };
  const exec = prototype.exec;
  prototype.exec = function (this: QueryState, callback) {
    this._queueCallback = this._queue.map((item, index) => {
      const pageCallback = this._queueCallback[index];
      return (result: unknown) => {
        if (item.fields.node && item.exparserNode !== 0) {
          const root = item.exparserNode.shadowRoot;
          if (item.isSelectSingle) {
            const found = root.querySelector(item.selector);
            if (found && result) (result as { node?: unknown }).node = nodeOf(found.$$);
          } else {
            root.querySelectorAll(item.selector).forEach((found, at) => {
              const each = (result as Array<{ node?: unknown }>)[at];
              if (each) each.node = nodeOf(found.$$);
            });
          }
        }
        pageCallback?.call(this, result);
      };
    });
    exec.call(this, callback);
  };
}

/** Puts the HTML-backed built-ins in place; call before any page loads. */
export function installBuiltins(): void {
  for (const definition of [fieldDefinition('input'), fieldDefinition('textarea'), image, canvas, button, picker]) simulate.load(definition);
  // Any component instance reaches the shared SelectorQuery class: a throwaway one serves.
  const probe = simulate.render(simulate.load({ id: 'preview-probe', tagName: 'preview-probe', template: '<view/>' }));
  answerNodeField(probe.instance);
}
