import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { element, filePicker, openSheet } from './ui';

/**
 * Pictures and files on the phone. WeChat hands pages temporary file paths such as `wxfile://tmp_….png`, whose
 * extension pages check; here each one names a blob: URL of the browser, which `<image>`, fetch and the document
 * viewer open.
 */
const temporaryFiles = new Map<string, string>();

const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf' };

/** A WeChat-like temporary path for the bytes, with the extension of their type. */
function keepTemporary(blob: Blob, name = ''): string {
  const extension = /\.[a-z0-9]+$/i.exec(name)?.[0].toLowerCase() ?? EXTENSIONS[blob.type] ?? '';
  const path = `wxfile://tmp_${crypto.randomUUID().replace(/-/g, '')}${extension}`;
  temporaryFiles.set(path, URL.createObjectURL(blob));
  return path;
}

/** What the browser can load for a path a page holds: a temporary file's blob, a cloud:// file through the preview's route. */
export function displayableUrl(src: string): string {
  if (src.startsWith('cloud://')) return `/preview/api/file?id=${encodeURIComponent(src)}`;
  return temporaryFiles.get(src) ?? src;
}

interface MediaFile {
  tempFilePath: string;
  size: number;
  fileType: 'image';
}

interface ChooseMediaResult extends WxResult {
  tempFiles: MediaFile[];
  type: 'image';
}

interface DownloadResult extends WxResult {
  tempFilePath: string;
  statusCode: number;
}

export function createMedia(overlay: HTMLElement) {
  return {
    /** The album, as a file picker: up to `count` pictures; closing the sheet fails with WeChat's cancel. */
    chooseMedia(options: { count?: number } & Callbacks<ChooseMediaResult>) {
      const count = options.count ?? 9;
      return answer(
        options,
        () =>
          new Promise<ChooseMediaResult>((resolve, reject) => {
            const sheet = openSheet(overlay, count > 1 ? `选择图片（最多 ${count} 张）` : '选择图片');
            const { picker, input } = filePicker('从相册选择', count > 1);
            const cancel = element('button', 'sheet__cancel', '取消');
            sheet.body.append(picker, cancel);
            input.addEventListener('change', () => {
              const files = [...(input.files ?? [])].slice(0, count);
              sheet.close();
              const tempFiles = files.map((file): MediaFile => ({ tempFilePath: keepTemporary(file, file.name), size: file.size, fileType: 'image' }));
              resolve({ errMsg: 'chooseMedia:ok', tempFiles, type: 'image' });
            });
            cancel.addEventListener('click', () => {
              sheet.close();
              reject(failure('chooseMedia', 'cancel'));
            });
          }),
      );
    },
    /** The picture full screen on black; a tap anywhere closes it. */
    previewImage(options: { urls: string[]; current?: string } & Callbacks<WxResult>) {
      return answer(options, async () => {
        const preview = element('div', 'image-preview');
        preview.setAttribute('role', 'dialog');
        const picture = Object.assign(document.createElement('img'), { src: displayableUrl(options.current ?? options.urls[0] ?? ''), alt: '' });
        preview.append(picture);
        preview.addEventListener('click', () => preview.remove());
        overlay.append(preview);
        return { errMsg: 'previewImage:ok' };
      });
    },
    downloadFile(options: { url: string } & Callbacks<DownloadResult>) {
      return answer(options, async () => {
        let response: Response;
        try {
          response = await fetch(displayableUrl(options.url));
        } catch (error) {
          throw failure('downloadFile', String(error));
        }
        // As in WeChat, an HTTP error is still a completed download: the caller reads statusCode.
        return { errMsg: 'downloadFile:ok', statusCode: response.status, tempFilePath: keepTemporary(await response.blob(), new URL(response.url).pathname) };
      });
    },
    /**
     * WeChat's document viewer: the browser's own, full screen in the phone (a new tab would be a pop-up the
     * browser blocks this long after the tap), with a link to open it in a tab, e.g. to print.
     */
    openDocument(options: { filePath: string } & Callbacks<WxResult>) {
      return answer(options, async () => {
        const viewer = element('div', 'document-viewer');
        viewer.setAttribute('role', 'dialog');
        const bar = element('div', 'document-viewer__bar');
        const close = element('button', 'document-viewer__close', '关闭');
        close.addEventListener('click', () => viewer.remove());
        const file = displayableUrl(options.filePath);
        const tab = Object.assign(element('a', 'document-viewer__tab', '在新标签页打开'), { href: file, target: '_blank' });
        bar.append(close, tab);
        viewer.append(bar, Object.assign(element('iframe', 'document-viewer__frame'), { src: file, title: '文档' }));
        overlay.append(viewer);
        return { errMsg: 'openDocument:ok' };
      });
    },
  };
}
