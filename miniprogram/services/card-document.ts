import type { Result } from '../../typings/contract';

const CANNOT_OPEN = '卡片已生成，但未能打开。请检查网络后再点一次「打印卡片」。';

/**
 * Opens a printed card's PDF (a temporary download URL from staff.printCard) in WeChat's document viewer, whose
 * menu sends it to a computer or prints it. Always resolves: a failure carries a sentence staff can act on.
 */
export async function openCardDocument(url: string): Promise<Result<null>> {
  try {
    const filePath = await download(url);
    await wx.openDocument({ filePath, fileType: 'pdf', showMenu: true });
    return { ok: true, data: null };
  } catch (error) {
    console.warn('opening the card PDF failed', error);
    return { ok: false, code: 'UNAVAILABLE', message: CANNOT_OPEN };
  }
}

/** wx.downloadFile has no promise form; an answer other than 200 (an expired URL) is a failure too. */
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: ({ statusCode, tempFilePath }) => (statusCode === 200 ? resolve(tempFilePath) : reject(new Error(`download answered ${statusCode}`))),
      fail: reject,
    });
  });
}
