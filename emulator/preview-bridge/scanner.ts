import jsQR from 'jsqr';
import { answer, failure, type Callbacks, type WxResult } from './callbacks';

interface ScanResult extends WxResult {
  result: string;
  scanType: 'QR_CODE';
  charSet: 'utf-8';
  /** The code's bytes, base64, as WeChat gives them. */
  rawData: string;
}

function base64(bytes: ArrayLike<number>): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index] as number);
  return btoa(binary);
}

/** The QR code in a picture (a photo or a screenshot of a code), decoded with jsQR; null when there is none. */
async function decodePicture(file: Blob): Promise<{ text: string; bytes: number[] } | null> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(bitmap, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  return code && { text: code.data, bytes: code.binaryData };
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}

/**
 * wx.scanCode without a camera: a sheet where the person picks a picture of a code (decoded in the page) or
 * pastes the text a code holds. Closing the sheet fails the call with WeChat's `scanCode:fail cancel`.
 */
export function createScanner(overlay: HTMLElement) {
  return {
    scanCode(options?: Callbacks<ScanResult>) {
      return answer(
        options,
        () =>
          new Promise<ScanResult>((resolve, reject) => {
            const mask = node('div', 'modal-mask');
            const sheet = node('div', 'scan');
            sheet.setAttribute('role', 'dialog');
            sheet.setAttribute('aria-label', '扫一扫');
            const picker = node('label', 'scan__pick', '选择二维码图片');
            const file = Object.assign(document.createElement('input'), { type: 'file', accept: 'image/*', className: 'scan__file' });
            picker.append(file);
            const text = Object.assign(node('textarea', 'scan__text'), { placeholder: '或粘贴二维码里的文字' });
            text.setAttribute('aria-label', '二维码里的文字');
            const useText = node('button', 'scan__use', '使用这段文字');
            const problem = node('div', 'scan__problem');
            problem.setAttribute('role', 'alert');
            const cancel = node('button', 'scan__cancel', '取消');
            sheet.append(node('div', 'scan__title', '扫一扫'), picker, text, useText, problem, cancel);
            mask.append(sheet);
            overlay.append(mask);

            const done = (content: string, bytes: ArrayLike<number>) => {
              mask.remove();
              resolve({ errMsg: 'scanCode:ok', result: content, scanType: 'QR_CODE', charSet: 'utf-8', rawData: base64(bytes) });
            };
            file.addEventListener('change', async () => {
              const picture = file.files?.[0];
              if (!picture) return;
              problem.textContent = '';
              const code = await decodePicture(picture).catch(() => null);
              file.value = '';
              if (code) done(code.text, code.bytes);
              // WeChat's camera would keep looking; here the person picks another picture.
              else problem.textContent = '这张图片里没有找到二维码，请换一张';
            });
            useText.addEventListener('click', () => {
              if (text.value.trim() === '') problem.textContent = '请先粘贴二维码里的文字';
              else done(text.value.trim(), new TextEncoder().encode(text.value.trim()));
            });
            cancel.addEventListener('click', () => {
              mask.remove();
              reject(failure('scanCode', 'cancel'));
            });
          }),
      );
    },
  };
}
