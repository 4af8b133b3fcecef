/** DOM helpers for the phone's own chrome and sheets (not the mini-program's pages, which simulate renders). */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}

/** A sheet over the dimmed screen, like WeChat's own pickers: its title, a body to fill, and a way to close it. */
export function openSheet(overlay: HTMLElement, title: string): { body: HTMLElement; close(): void } {
  const mask = element('div', 'modal-mask');
  const body = element('div', 'sheet');
  body.setAttribute('role', 'dialog');
  body.setAttribute('aria-label', title);
  body.append(element('div', 'sheet__title', title));
  mask.append(body);
  overlay.append(mask);
  return { body, close: () => mask.remove() };
}

/** A file picker that looks like a button; a test hands it files with setInputFiles. */
export function filePicker(label: string, multiple: boolean): { picker: HTMLLabelElement; input: HTMLInputElement } {
  const picker = element('label', 'sheet__pick', label);
  const input = Object.assign(document.createElement('input'), { type: 'file', accept: 'image/*', multiple, className: 'sheet__file' });
  picker.append(input);
  return { picker, input };
}
