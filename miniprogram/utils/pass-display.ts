import type { Colour, PassOrigin, PassStatus, PassView, StaffPassView } from '../../typings/contract';
import { formatBeijingDate, formatBeijingTime } from './beijing-time';

/** The colour in words as well as in colour: some people cannot tell red from green. */
export const COLOUR_WORDS: Record<Colour, string> = { green: '绿码', yellow: '黄码', red: '红码' };

/** What each colour asks of the holder, in the words of the 随申码 guide (question 4). */
export const COLOUR_HINTS: Record<Colour, string> = { green: '可以通行', yellow: '建议观察', red: '建议隔离' };

const STATUS_WORDS: Record<PassStatus, string> = { active: '有效', cancelled: '已注销' };

const ORIGIN_WORDS: Record<PassOrigin, string> = { self: '本人申领', staff: '社区办理', migrated: '迁移自原通行证' };

/** A pass turned into the lines a person reads; times in Beijing time. */
export interface PassDisplay {
  colourWord: string;
  colourHint: string;
  reasons: string[];
  colourSince: string;
  /** When the colour changes by time alone, or '' when it does not. */
  nextChange: string;
  statusWord: string;
  active: boolean;
  originWord: string;
  /** A migrated pass keeps the old pass's issue date, and says so. */
  issuedLabel: string;
  issuedOn: string;
}

export function describePass(pass: PassView): PassDisplay {
  return {
    colourWord: COLOUR_WORDS[pass.colour],
    colourHint: COLOUR_HINTS[pass.colour],
    reasons: pass.reasons.map((reason) => reason.zh),
    colourSince: formatBeijingTime(pass.colourSince),
    nextChange: pass.nextChangeAt === null ? '' : formatBeijingTime(pass.nextChangeAt),
    statusWord: STATUS_WORDS[pass.status],
    active: pass.status === 'active',
    originWord: ORIGIN_WORDS[pass.origin],
    issuedLabel: pass.origin === 'migrated' ? '原通行证办理日期' : '办理日期',
    issuedOn: formatBeijingDate(pass.issuedAt),
  };
}


/** What staff also read at the counter: the printed card, the account holding the pass, the old pass number. */
export interface StaffPassFacts {
  card: string;
  account: string;
  /** '' when the pass was not imported from an old system. */
  legacyNumber: string;
}

export function describeStaffPass(pass: StaffPassView): StaffPassFacts {
  return {
    card: pass.card ? `第 ${pass.card.serial} 张，${formatBeijingDate(pass.card.printedAt)} 打印` : '无纸质卡片',
    account: pass.accountMasked === null ? '未绑定微信（纸质通行证）' : `已绑定 ${pass.accountMasked}`,
    legacyNumber: pass.legacyNumber ?? '',
  };
}
