import { answer, type Callbacks, type WxResult } from './callbacks';

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

/**
 * WeChat's toast, loading and modal dialog drawn in the phone's overlay layer. One toast or loading shows at a
 * time, as in WeChat (showLoading and showToast replace each other); modals stack.
 */
export function createDialogs(overlay: HTMLElement) {
  let toast: { node: HTMLElement; timer: number | undefined } | null = null;

  function showToastNode(title: string, icon: string, duration: number | null): void {
    hideToastNode();
    const node = document.createElement('div');
    node.className = `toast${icon === 'none' ? ' toast--text' : ''}`;
    node.setAttribute('role', 'status');
    if (icon !== 'none') node.append(Object.assign(document.createElement('div'), { className: 'toast__icon', textContent: ICONS[icon] ?? '' }));
    node.append(Object.assign(document.createElement('div'), { className: 'toast__title', textContent: title }));
    overlay.append(node);
    toast = { node, timer: duration === null ? undefined : window.setTimeout(hideToastNode, duration) };
  }

  function hideToastNode(): void {
    if (!toast) return;
    window.clearTimeout(toast.timer);
    toast.node.remove();
    toast = null;
  }

  return {
    showToast(options: ToastOptions) {
      return answer(options, async () => {
        showToastNode(options.title, options.icon ?? 'success', options.duration ?? 1500);
        return { errMsg: 'showToast:ok' };
      });
    },
    hideToast(options?: Callbacks<WxResult>) {
      return answer(options, async () => {
        hideToastNode();
        return { errMsg: 'hideToast:ok' };
      });
    },
    showLoading(options: { title: string } & Callbacks<WxResult>) {
      return answer(options, async () => {
        showToastNode(options.title, 'loading', null);
        return { errMsg: 'showLoading:ok' };
      });
    },
    hideLoading(options?: Callbacks<WxResult>) {
      return answer(options, async () => {
        hideToastNode();
        return { errMsg: 'hideLoading:ok' };
      });
    },
    showModal(options: ModalOptions) {
      return answer(
        options,
        () =>
          new Promise<ModalResult>((resolve) => {
            const mask = document.createElement('div');
            mask.className = 'modal-mask';
            const dialog = document.createElement('div');
            dialog.className = 'modal';
            dialog.setAttribute('role', 'dialog');
            if (options.title) dialog.append(Object.assign(document.createElement('div'), { className: 'modal__title', textContent: options.title }));
            let field: HTMLTextAreaElement | null = null;
            if (options.editable) {
              field = Object.assign(document.createElement('textarea'), { className: 'modal__field', placeholder: options.placeholderText ?? '', value: options.content ?? '' });
              dialog.append(field);
            } else if (options.content) {
              dialog.append(Object.assign(document.createElement('div'), { className: 'modal__content', textContent: options.content }));
            }
            const buttons = document.createElement('div');
            buttons.className = 'modal__buttons';
            const close = (confirm: boolean) => {
              mask.remove();
              const result: ModalResult = { errMsg: 'showModal:ok', confirm, cancel: !confirm };
              resolve(field ? { ...result, content: field.value } : result);
            };
            if (options.showCancel !== false) {
              const cancel = Object.assign(document.createElement('button'), { className: 'modal__cancel', textContent: options.cancelText ?? '取消' });
              cancel.addEventListener('click', () => close(false));
              buttons.append(cancel);
            }
            const confirm = Object.assign(document.createElement('button'), { className: 'modal__confirm', textContent: options.confirmText ?? '确定' });
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
