import type { Failure, Result } from '../../typings/contract';

/** A photo picked on the phone: its temporary path and size in bytes, as wx.chooseMedia reports them. */
export interface PickedImage {
  path: string;
  size: number;
}

export const PICK_FAILED = '未能打开相册或相机，请在设置中允许小程序使用后重试';
export const PRIVACY_REFUSED = '需要您同意《隐私保护指引》后才能选择图片。请再点一次添加图片，在弹出的提示中点「同意」';

/** WeChat's errno when the person declined the privacy authorisation (the privacy-popup component's 不同意). */
const ERRNO_PRIVACY_NOT_AGREED = 104;
export const UPLOAD_FAILED = '图片没有上传成功，请检查网络后点“重试”，或删除这张图片';

/**
 * Lets the person pick up to `count` photos (compressed, as WeChat offers them). Cancelling is no failure: it
 * answers no images. Never throws.
 */
export async function chooseImages(count: number): Promise<Result<{ images: PickedImage[] }>> {
  try {
    const { tempFiles } = await wx.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'] });
    return { ok: true, data: { images: tempFiles.map((file) => ({ path: file.tempFilePath, size: file.size })) } };
  } catch (error) {
    if (/cancel/i.test(errMsgOf(error))) return { ok: true, data: { images: [] } };
    console.warn('chooseMedia failed', error);
    const errno = (error as { errno?: unknown } | null)?.errno;
    return failure(errno === ERRNO_PRIVACY_NOT_AGREED || /privacy/i.test(errMsgOf(error)) ? PRIVACY_REFUSED : PICK_FAILED);
  }
}

/**
 * Uploads one local file to cloud storage: the only place the mini-program touches wx.cloud.uploadFile.
 * `onProgress` hears the percentage sent (the UploadTask's onProgressUpdate). Always resolves, never throws:
 * a platform or network failure becomes UNAVAILABLE with a sentence a resident can read.
 */
export function uploadFile(request: { cloudPath: string; filePath: string; onProgress?: (percent: number) => void }): Promise<Result<{ fileID: string }>> {
  const { cloudPath, filePath, onProgress } = request;
  return new Promise((resolve) => {
    const failed = (error: unknown) => {
      // The raw error (errCode, errMsg) is what a developer needs; the resident gets the plain sentence.
      console.warn(`uploadFile ${cloudPath} failed`, error);
      resolve(failure(UPLOAD_FAILED));
    };
    try {
      // Inside the try: wx.cloud is missing on base libraries older than 2.2.3, which is a platform failure too.
      // With callbacks, WeChat answers the UploadTask, whose progress the page shows.
      const task = wx.cloud.uploadFile({
        cloudPath,
        filePath,
        success: ({ fileID }) => (typeof fileID === 'string' && fileID !== '' ? resolve({ ok: true, data: { fileID } }) : failed('no fileID')),
        fail: failed,
      });
      if (onProgress && typeof task?.onProgressUpdate === 'function') task.onProgressUpdate(({ progress }) => onProgress(progress));
    } catch (error) {
      failed(error);
    }
  });
}

function failure(message: string): Failure {
  return { ok: false, code: 'UNAVAILABLE', message };
}

function errMsgOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { errMsg?: unknown }).errMsg === 'string' ? (error as { errMsg: string }).errMsg : '';
}
