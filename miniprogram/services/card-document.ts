import type { Result } from '../../typings/contract';

const CANNOT_OPEN_CARD = '卡片已生成，但未能打开。请检查网络后再点一次「打印卡片」。';

/**
 * Opens a PDF from a temporary download URL (a printed card from staff.printCard, a venue poster from
 * staff.venuePoster) in WeChat's document viewer, whose menu sends it to a computer or prints it. Always
 * resolves: a failure carries `cannotOpen`, a sentence staff can act on.
 */
export async function openPdfDocument(url: string, cannotOpen: string): Promise<Result<null>> {
  try {
    const filePath = await download(url);
    await wx.openDocument({ filePath, fileType: 'pdf', showMenu: true });
    return { ok: true, data: null };
  } catch (error) {
    console.warn('opening a PDF failed', error);
    return { ok: false, code: 'UNAVAILABLE', message: cannotOpen };
  }
}

/** Opens a printed card's PDF; see openPdfDocument. */
export function openCardDocument(url: string): Promise<Result<null>> {
  return openPdfDocument(url, CANNOT_OPEN_CARD);
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
