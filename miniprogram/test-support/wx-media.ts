/**
 * Photos for tests: wx.chooseMedia answering what the person picked, and a fake wx.cloud.uploadFile whose
 * uploads succeed, fail, or wait for the test (install it after fakeFunctions, which replaces wx.cloud).
 */

/** A photo as wx.chooseMedia reports it; `size` in bytes. */
export function aPhoto(tempFilePath: string, size = 800_000): WechatMiniprogram.MediaFile {
  return { tempFilePath, size, fileType: 'image', width: 1080, height: 1440, duration: 0, thumbTempFilePath: '' };
}

/** Makes every wx.chooseMedia answer these photos, as if picked in the album. */
export function picking(...photos: WechatMiniprogram.MediaFile[]): jest.SpyInstance {
  return jest.spyOn(wx, 'chooseMedia').mockResolvedValue({ tempFiles: photos, type: 'image', errMsg: 'chooseMedia:ok' });
}

export interface FakeUpload {
  cloudPath: string;
  filePath: string;
  /** Reports progress to the UploadTask's listeners. */
  progress(percent: number): void;
  succeed(): void;
  fail(errMsg?: string): void;
}

export interface FakeUploads {
  /** Every upload started, in order. */
  uploads: FakeUpload[];
  /** What uploads started from now on do by themselves: succeed, fail, or wait for the test ('hold'). */
  behave(next: 'succeed' | 'fail' | 'hold'): void;
}

/** The fileID cloud storage answers for a path. */
export function fileIdOf(cloudPath: string): string {
  return `cloud://tongxing-test.7465-tongxing-test/${cloudPath}`;
}

export function fakeUploads(): FakeUploads {
  let behaviour: 'succeed' | 'fail' | 'hold' = 'succeed';
  const uploads: FakeUpload[] = [];
  const cloud = (wx as unknown as { cloud: Record<string, unknown> }).cloud;
  cloud.uploadFile = jest.fn((options: ICloud.UploadFileParam) => {
    const listeners: Array<(result: WechatMiniprogram.UploadTaskOnProgressUpdateListenerResult) => void> = [];
    const upload: FakeUpload = {
      cloudPath: options.cloudPath,
      filePath: options.filePath,
      progress: (progress) => listeners.forEach((listener) => listener({ progress, totalBytesSent: progress * 1000, totalBytesExpectedToSend: 100_000 })),
      succeed: () => options.success?.({ fileID: fileIdOf(options.cloudPath), statusCode: 200, errMsg: 'cloud.uploadFile:ok' }),
      fail: (errMsg = 'cloud.uploadFile:fail network error') => options.fail?.({ errMsg }),
    };
    uploads.push(upload);
    // Later than the call, as WeChat answers, yet within the settle() that follows a tap.
    if (behaviour === 'succeed') queueMicrotask(upload.succeed);
    if (behaviour === 'fail') queueMicrotask(() => upload.fail());
    return { onProgressUpdate: (listener: (typeof listeners)[number]) => listeners.push(listener), abort: jest.fn() };
  });
  return { uploads, behave: (next) => void (behaviour = next) };
}
