import type { ErrorCode, PassStatus, StaffPassView } from '../../../typings/contract';

/**
 * Which acts staff may do on a pass they found, decided from a few facts about it. Pure, with nothing but type
 * imports from typings/contract: the mini-program imports this file (miniprogram/utils/shared-pass-acts.ts) and
 * checks it without Node's types, so keep server-only modules (./pass and the like) out of it.
 */

/** Why staff cannot do what they asked, in words they can act on. */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** What staff may do with a card: print it (again), reprint it as a new card, or cancel the pass it belongs to. */
export type CardAct = 'print' | 'reprint' | 'cancel';

/**
 * Moving a pass onto an account: `move` takes a pass no account holds (printed, or imported and not yet
 * claimed) onto the person's own account; `rebind` takes a pass from a lost account to a new one.
 */
export type Transfer = 'move' | 'rebind';

/** Every act staff do on a pass they found, in the order the staff-passes page offers them. */
export const STAFF_PASS_ACTS = ['print', 'reprint', 'move', 'guardian', 'rebind', 'cancel', 'restore'] as const;
export type StaffPassAct = (typeof STAFF_PASS_ACTS)[number];

/**
 * What decides which acts a pass allows. The server reads it from the stored pass (actStateOfPass in
 * printed-pass.ts), the staff-passes page from the view staff were given (actStateOfView): both then ask
 * staffActProblem, so the page offers exactly the acts the server would carry out.
 */
export interface PassActState {
  status: PassStatus;
  /** A WeChat account holds the pass. */
  onAccount: boolean;
  /** It has a printed card that is valid. */
  hasCard: boolean;
}

export function actStateOfView(pass: StaffPassView): PassActState {
  return { status: pass.status, onAccount: pass.accountMasked !== null, hasCard: pass.card !== null };
}

const CANCELLED: Refusal = { code: 'INVALID_STATE', message: '该通行证已注销，不能再办理此业务。' };

const CARD_ACT_WORDS: Record<CardAct, string> = { print: '打印卡片', reprint: '补打卡片', cancel: '作为纸质通行证注销' };

export function noCard(act: CardAct, onAccount: boolean): Refusal {
  const cannot = `不能${CARD_ACT_WORDS[act]}`;
  return {
    code: 'INVALID_STATE',
    message: onAccount ? `该通行证没有纸质卡片，${cannot}：它由微信号持有，本人在微信中出示即可。` : `该通行证还没有纸质卡片，${cannot}。`,
  };
}

/**
 * Why staff cannot do `act` on a pass in this state, or null when they can. The server's checks (cardForAct,
 * transferProblem, restoreProblem in printed-pass.ts, decideFamilyGrant for a guardian) refuse by it, and the
 * mini-program offers only the acts it allows (miniprogram/utils/shared-pass-acts.ts):
 * - a cancelled pass is only restored, and only a cancelled one is;
 * - print, reprint and cancel need a printed card (a pass on a phone is shown there, and has none);
 * - a pass no account holds is moved onto one, or lent to a guardian; one an account holds is rebound.
 */
export function staffActProblem(state: PassActState, act: StaffPassAct): Refusal | null {
  if (act === 'restore') return state.status === 'cancelled' ? null : { code: 'INVALID_STATE', message: '该通行证未注销，无需恢复。' };
  if (state.status === 'cancelled') return CANCELLED;
  switch (act) {
    case 'print':
    case 'reprint':
    case 'cancel':
      return state.hasCard ? null : noCard(act, state.onAccount);
    case 'move':
      return state.onAccount ? { code: 'INVALID_STATE', message: '该通行证已绑定微信号。如本人的手机或微信号丢失，请核实身份后办理换绑。' } : null;
    case 'rebind':
      return state.onAccount ? null : { code: 'INVALID_STATE', message: '该通行证还没有绑定微信号，请使用"转到微信号"办理，不需要换绑。' };
    case 'guardian':
      return state.onAccount ? { code: 'INVALID_STATE', message: '这张通行证已绑定持证人本人的微信号，请由持证人在小程序中邀请家人出示' } : null;
  }
}

/** The acts staff may do on a pass in this state, in STAFF_PASS_ACTS' order. */
export function staffActsFor(state: PassActState): StaffPassAct[] {
  return STAFF_PASS_ACTS.filter((act) => staffActProblem(state, act) === null);
}
