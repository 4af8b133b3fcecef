import { answer, type Callbacks, type WxResult } from './callbacks';
import { element, openSheet } from './ui';

/**
 * wx.requestFacialVerify without a camera or WeChat's face service: a sheet that says plainly no face is
 * scanned here. With FACE_VERIFICATION=local (npm start), the local verifier then approves the application;
 * in the cloud, WeChat's own scan screen stands where this sheet is.
 */
export function createFaceScan(overlay: HTMLElement) {
  return {
    requestFacialVerify(options: { verifyId: string } & Callbacks<WxResult>) {
      return answer(
        options,
        () =>
          new Promise<WxResult>((resolve) => {
            const sheet = openSheet(overlay, '人脸核验（本地模拟）');
            const notice = element('div', 'sheet__notice', '本地预览不做真实的人脸核验：本地核验服务会直接通过，并记录这次核验。正式环境中，这里是微信的人脸核验界面。');
            const done = element('button', 'sheet__confirm', '完成核验（模拟通过）');
            sheet.body.append(notice, done);
            done.addEventListener('click', () => {
              sheet.close();
              resolve({ errMsg: 'requestFacialVerify:ok' });
            });
          }),
      );
    },
  };
}
