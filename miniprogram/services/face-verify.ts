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

/** Before the scan: the 随申码 guide's questions 12 to 14 (bright light outdoors, masks, face masks), answered. */
export const FACE_SCAN_ADVICE = '接下来由微信核验是否本人。请在光线均匀的地方进行，避免强光直射和逆光（户外阳光下容易反光，较难通过）；摘下口罩、帽子和墨镜，不要贴面膜；正对手机，按提示完成动作。';
