import type { Colour, VerdictKind, VerifyResult } from '../../typings/contract';
import type { NoOfflineVerdict, OfflineCheck } from './offline-verifier';
import { formatBeijingTime } from './beijing-time';
import { COLOUR_WORDS } from './pass-display';

/**
 * The guard's verdict as a full screen: one colour and a few big words that can be read at a glance in a queue.
 * Only PASS, CAUTION and STOP take the pass colours; every refusal has the dark screen and says what to do.
 */
interface VerdictWords {
  title: string;
  /** What the guard does now. */
  instruction: string;
  tone: 'green' | 'yellow' | 'red' | 'refused';
}

const VERDICT_WORDS: Record<VerdictKind, VerdictWords> = {
  PASS: { title: '通行', instruction: '绿码：请核对照片与本人一致后放行', tone: 'green' },
  CAUTION: { title: '请核验', instruction: '黄码：请核对本人，提醒其注意观察；可一键上报社区', tone: 'yellow' },
  STOP: { title: '禁止通行', instruction: '红码：请勿放行，可一键上报社区跟进', tone: 'red' },
  EXPIRED: { title: '已过期', instruction: '请对方刷新通行码后重新出示（截图无效）', tone: 'refused' },
  INVALID: { title: '无效', instruction: '伪造或被修改的码，请勿放行', tone: 'refused' },
  NOT_OURS: { title: '不是通行码', instruction: '这不是「通行」的二维码，请对方打开「通行」出示通行码', tone: 'refused' },
  REVOKED: { title: '已作废', instruction: '已作废的卡片或已注销的通行证，请勿放行', tone: 'refused' },
};

/** Why the phone could not judge a code offline, and what the guard can do about it. */
export const NO_OFFLINE_VERDICT_WORDS: Record<NoOfflineVerdict, string> = {
  NO_KEY_SET: '网络不可用，本机还没有离线核验密钥。请联网后重新扫码。',
  KEY_SET_EXPIRED: '网络不可用，本机的离线核验密钥已过期（最长有效48小时）。请联网更新后再核验。',
  UNKNOWN_KEY: '网络不可用，此码使用了本机尚未下载的新密钥，无法离线核验。请联网后重新扫码。',
};

export interface VerdictScreen extends VerdictWords {
  verdict: VerdictKind;
  offline: boolean;
  /** The colour the screen vouches for, in words: the live colour online, the colour at issue offline. */
  colourWord: string;
  colourLabel: string;
  /** When the live colour was last set (online, for guards), '' otherwise. */
  colourSince: string;
  reasons: string[];
  nameMasked: string;
  photo: string;
  /** Server time of the verdict (offline: the phone's clock corrected by the last server time it saw). */
  checkedAt: string;
  /** Why some of the above is missing: offline, or the caller is not a registered guard. */
  notes: string[];
  /** The scan to report to the community (online yellow and red, for guards), '' when there is none. */
  scanId: string;
}

const OFFLINE_NOTE = '网络不可用，本次为离线核验：只核对了码的真伪和有效期，颜色是出码时的颜色，没有照片。记录会在联网后自动上传。';
const OFFLINE_CARD_NOTE = '这是纸质通行证：离线无法确认卡片是否已补办作废，请留意。';
const NOT_A_GUARD_NOTE = '您不是登记的查验员：只显示颜色和是否有效，不显示姓名和照片。';

export function onlineVerdictScreen(result: VerifyResult): VerdictScreen {
  const words = VERDICT_WORDS[result.verdict];
  const reportable = (result.verdict === 'CAUTION' || result.verdict === 'STOP') && result.person !== undefined;
  const showsPass = result.colour !== undefined;
  return {
    ...words,
    verdict: result.verdict,
    offline: false,
    colourWord: colourWordOf(result.colour),
    colourLabel: '当前颜色',
    colourSince: result.colourSince === undefined ? '' : formatBeijingTime(result.colourSince),
    reasons: result.reasons?.map((reason) => reason.zh) ?? [],
    nameMasked: result.person?.nameMasked ?? '',
    photo: result.person?.photo ?? '',
    checkedAt: formatBeijingTime(result.serverTime),
    notes: showsPass && result.person === undefined ? [NOT_A_GUARD_NOTE] : [],
    scanId: reportable ? result.scanId : '',
  };
}

export function offlineVerdictScreen(check: Extract<OfflineCheck, { ok: true }>): VerdictScreen {
  const words = VERDICT_WORDS[check.verdict];
  const fromColour = check.verdict === 'PASS' || check.verdict === 'CAUTION' || check.verdict === 'STOP';
  return {
    ...words,
    verdict: check.verdict,
    offline: true,
    colourWord: fromColour ? colourWordOf(check.claims?.colour) : '',
    colourLabel: '出码时颜色',
    colourSince: '',
    reasons: [],
    nameMasked: '',
    photo: '',
    checkedAt: formatBeijingTime(check.checkedAt),
    notes: fromColour && check.claims?.kind === 'card' ? [OFFLINE_NOTE, OFFLINE_CARD_NOTE] : [OFFLINE_NOTE],
    scanId: '',
  };
}

function colourWordOf(colour: Colour | undefined): string {
  return colour === undefined ? '' : COLOUR_WORDS[colour];
}
