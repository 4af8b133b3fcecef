import { answer, type Callbacks, type WxResult } from './callbacks';
import { element } from './ui';

interface ToastOptions extends Callbacks<WxResult> {
  title: string;
  icon?: 'success' | 'error' | 'loading' | 'none';
  duration?: number;
}

interface ModalOptions extends Callbacks<ModalResult> {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  editable?: boolean;
  placeholderText?: string;
}

interface ModalResult extends WxResult {
  confirm: boolean;
  cancel: boolean;
  content?: string;
}

const ICONS: Record<string, string> = { success: '✓', error: '✕', loading: '⟳' };

/** WeChat's toast and modal dialog, drawn in the phone's overlay layer: one toast at a time, as in WeChat. */
export function createDialogs(overlay: HTMLElement) {
  let toast: { node: HTMLElement; timer: number } | null = null;

  function hideToast(): void {
    if (!toast) return;
    window.clearTimeout(toast.timer);
    toast.node.remove();
    toast = null;
  }

  return {
    showToast(options: ToastOptions) {
      return answer(options, async () => {
        hideToast();
        const icon = options.icon ?? 'success';
        const node = element('div', 'toast');
        node.setAttribute('role', 'status');
        if (icon !== 'none') node.append(element('div', 'toast__icon', ICONS[icon]));
        node.append(element('div', 'toast__title', options.title));
        overlay.append(node);
        toast = { node, timer: window.setTimeout(hideToast, options.duration ?? 1500) };
        return { errMsg: 'showToast:ok' };
      });
    },
    showModal(options: ModalOptions) {
      return answer(
        options,
        () =>
          new Promise<ModalResult>((resolve) => {
            const mask = element('div', 'modal-mask');
            const dialog = element('div', 'modal');
            dialog.setAttribute('role', 'dialog');
            if (options.title) dialog.append(element('div', 'modal__title', options.title));
            let field: HTMLTextAreaElement | null = null;
            if (options.editable) {
              field = Object.assign(element('textarea', 'modal__field'), { placeholder: options.placeholderText ?? '', value: options.content ?? '' });
              dialog.append(field);
            } else if (options.content) {
              dialog.append(element('div', 'modal__content', options.content));
            }
            const buttons = element('div', 'modal__buttons');
            const close = (confirm: boolean) => {
              mask.remove();
              const result: ModalResult = { errMsg: 'showModal:ok', confirm, cancel: !confirm };
              // content only for an editable dialog: what the person typed.
              resolve(field ? { ...result, content: field.value } : result);
            };
            if (options.showCancel !== false) {
              const cancel = element('button', 'modal__cancel', options.cancelText ?? '取消');
              cancel.addEventListener('click', () => close(false));
              buttons.append(cancel);
            }
            const confirm = element('button', 'modal__confirm', options.confirmText ?? '确定');
            confirm.addEventListener('click', () => close(true));
            buttons.append(confirm);
            dialog.append(buttons);
            mask.append(dialog);
            overlay.append(mask);
            field?.focus();
          }),
      );
    },
  };
}
