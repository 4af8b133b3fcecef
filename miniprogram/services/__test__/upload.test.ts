import { chooseImages, PICK_FAILED, PRIVACY_REFUSED, UPLOAD_FAILED, uploadFile } from '../upload';
import { installWxCloud, removeWxCloud } from '../../test-support/wx-cloud';
import { aPhoto, fakeUploads, fileIdOf } from '../../test-support/wx-media';

const failed = { ok: false, code: 'UNAVAILABLE', message: UPLOAD_FAILED };

describe('uploadFile', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    installWxCloud();
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  test("answers the fileID and reports the UploadTask's progress", async () => {
    const storage = fakeUploads();
    storage.behave('hold');
    const progress: number[] = [];

    const result = uploadFile({ cloudPath: 'appeals/o1/a.jpg', filePath: 'http://tmp/a.jpg', onProgress: (percent) => progress.push(percent) });
    const [upload] = storage.uploads;
    upload.progress(30);
    upload.progress(100);
    upload.succeed();

    await expect(result).resolves.toEqual({ ok: true, data: { fileID: fileIdOf('appeals/o1/a.jpg') } });
    expect(upload).toMatchObject({ cloudPath: 'appeals/o1/a.jpg', filePath: 'http://tmp/a.jpg' });
    expect(progress).toEqual([30, 100]);
  });

  test('turns a failed upload into UNAVAILABLE with a sentence, and logs the raw error for developers', async () => {
    fakeUploads().behave('fail');

    await expect(uploadFile({ cloudPath: 'appeals/o1/a.jpg', filePath: 'http://tmp/a.jpg' })).resolves.toEqual(failed);
    expect(warn).toHaveBeenCalledWith('uploadFile appeals/o1/a.jpg failed', { errMsg: 'cloud.uploadFile:fail network error' });
  });

  test('turns a missing wx.cloud, or one that throws, into UNAVAILABLE', async () => {
    removeWxCloud();
    await expect(uploadFile({ cloudPath: 'appeals/o1/a.jpg', filePath: 'http://tmp/a.jpg' })).resolves.toEqual(failed);

    installWxCloud();
    Object.assign(wx.cloud, {
      uploadFile: () => {
        throw new Error('boom');
      },
    });
    await expect(uploadFile({ cloudPath: 'appeals/o1/a.jpg', filePath: 'http://tmp/a.jpg' })).resolves.toEqual(failed);
  });
});

describe('chooseImages', () => {
  let chooseMedia: jest.Mock;

  beforeEach(() => {
    chooseMedia = jest.fn();
    installWxCloud(); // creates the global wx when miniprogram-simulate is not loaded
    Object.assign(wx, { chooseMedia });
  });

  test('asks for compressed images only, at most `count`, and answers their paths and sizes', async () => {
    chooseMedia.mockResolvedValue({ tempFiles: [aPhoto('http://tmp/a.jpg', 1234)], type: 'image', errMsg: 'chooseMedia:ok' });

    await expect(chooseImages(2)).resolves.toEqual({ ok: true, data: { images: [{ path: 'http://tmp/a.jpg', size: 1234 }] } });
    expect(chooseMedia).toHaveBeenCalledWith({ count: 2, mediaType: ['image'], sizeType: ['compressed'] });
  });

  test('cancelling answers no images; any other failure a sentence', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    chooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' });
    await expect(chooseImages(3)).resolves.toEqual({ ok: true, data: { images: [] } });

    chooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' });
    await expect(chooseImages(3)).resolves.toEqual({ ok: false, code: 'UNAVAILABLE', message: PICK_FAILED });
    warn.mockRestore();
  });

  test('a declined privacy authorisation says what to agree to, not to go to the settings', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    chooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 });
    await expect(chooseImages(1)).resolves.toEqual({ ok: false, code: 'UNAVAILABLE', message: PRIVACY_REFUSED });
    warn.mockRestore();
  });
});
