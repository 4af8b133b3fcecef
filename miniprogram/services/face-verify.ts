/**
 * wx.requestFacialVerify (base library ≥ 3.8.12, callbacks only) as a promise. It never fails: whatever the
 * scan came to, the server asks WeChat for the real result (queryVerifyInfo) and says what to do next.
 * Answers false only when this WeChat cannot scan at all.
 */
export function scanFace(verifyId: string): Promise<boolean> {
  if (typeof wx.requestFacialVerify !== 'function') return Promise.resolve(false);
  return new Promise((resolve) => {
    wx.requestFacialVerify({ verifyId, complete: () => resolve(true) });
  });
}

/** The modal's confirm button: WeChat allows at most four characters, and these say that tapping it is consent. */
export const FACE_SCAN_AGREE = '同意核验';

/**
 * Before the scan, in the modal whose confirm starts it: first the separate consent PIPL asks for biometrics
 * (单独同意: what is taken, by whom, what we keep), so confirming is that consent; then the 随申码 guide's
 * questions 12 to 14 (bright light outdoors, masks, face masks), answered.
 */
export const FACE_SCAN_ADVICE =
  '人脸信息属于敏感个人信息，需要您单独同意：由微信采集您的人脸，与您填写的姓名、身份证号码比对是否本人；我们只保存是否通过，不获取、不保存人脸图像。' +
  `点「${FACE_SCAN_AGREE}」即表示您同意本次人脸核验。` +
  '请在光线均匀的地方进行，避免强光直射和逆光（户外阳光下容易反光，较难通过）；摘下口罩、帽子和墨镜，不要贴面膜；正对手机，按提示完成动作。';

