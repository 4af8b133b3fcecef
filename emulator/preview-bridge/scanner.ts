import jsQR from 'jsqr';
import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { element, filePicker, openSheet } from './ui';

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
            const sheet = openSheet(overlay, '扫一扫');
            const { picker, input } = filePicker('选择二维码图片', false);
            const text = Object.assign(element('textarea', 'sheet__text'), { placeholder: '或粘贴二维码里的文字' });
            text.setAttribute('aria-label', '二维码里的文字');
            const useText = element('button', 'sheet__confirm', '使用这段文字');
            const problem = element('div', 'sheet__problem');
            problem.setAttribute('role', 'alert');
            const cancel = element('button', 'sheet__cancel', '取消');
            sheet.body.append(picker, text, useText, problem, cancel);

            const done = (content: string, bytes: ArrayLike<number>) => {
              sheet.close();
              resolve({ errMsg: 'scanCode:ok', result: content, scanType: 'QR_CODE', charSet: 'utf-8', rawData: base64(bytes) });
            };
            input.addEventListener('change', async () => {
              const picture = input.files?.[0];
              if (!picture) return;
              problem.textContent = '';
              const code = await decodePicture(picture).catch(() => null);
              input.value = '';
              if (code) done(code.text, code.bytes);
              // WeChat's camera would keep looking; here the person picks another picture.
              else problem.textContent = '这张图片里没有找到二维码，请换一张';
            });
            useText.addEventListener('click', () => {
              const pasted = text.value.trim();
              if (pasted === '') problem.textContent = '请先粘贴二维码里的文字';
              else done(pasted, new TextEncoder().encode(pasted));
            });
            cancel.addEventListener('click', () => {
              sheet.close();
              reject(failure('scanCode', 'cancel'));
            });
          }),
      );
    },
  };
}
