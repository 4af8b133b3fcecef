import type { PassDocument, PrintedCardRecord } from './pass';
import { noCard, staffActProblem, type CardAct, type PassActState, type Refusal, type Transfer } from './pass-acts';

/**
 * Passes for people without a smartphone: staff issue them with a printed card and no WeChat account behind
 * them, reprint the card (the serial moves on, so the old card is revoked), cancel them, or move them onto
 * the person's own account later. Staff also rebind a pass from a lost account to a new one, and restore a
 * cancelled pass (the person keeps their one pass, with its history, rather than getting a second). Pure: the
 * caller reads the state inside a transaction and carries out the decision in the same transaction. Which acts
 * a pass allows is decided in ./pass-acts, which the mini-program shares.
 */

export { actStateOfView, STAFF_PASS_ACTS, staffActProblem, staffActsFor, type CardAct, type PassActState, type Refusal, type StaffPassAct, type Transfer } from './pass-acts';

export type Checked<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/** The first card of a pass. */
export function firstCard(now: Date): PrintedCardRecord {
  return { serial: 1, printedAt: now };
}

export type PrintedIssueDecision =
  | { kind: 'create' }
  /** An imported old pass nobody has claimed yet: it gets the card, so the person keeps one pass. */
  | { kind: 'attachCard'; pass: PassDocument }
  | { kind: 'refuse'; refusal: Refusal };

/** One pass per person, as for applications: a person who has a pass of any kind gets no second one. */
export function decidePrintedIssue(personPass: PassDocument | undefined, name: string): PrintedIssueDecision {
  if (!personPass) return { kind: 'create' };
  if (personPass.status === 'cancelled') {
    return {
      kind: 'refuse',
      refusal: { code: 'INVALID_STATE', message: '该居民的通行证已注销，不能再办理一张。如需继续使用，请核实身份后在查到的通行证上办理「恢复」。' },
    };
  }
  if (personPass.openid !== null) {
    return {
      kind: 'refuse',
      refusal: {
        code: 'ID_BOUND_TO_OTHER_ACCOUNT',
        message: '该居民的通行证已绑定微信号，无需办理纸质通行证。如本人的手机或微信号丢失，请核实身份后为其办理换绑。',
      },
    };
  }
  if (personPass.origin === 'migrated' && !personPass.card) {
    if (personPass.name !== name) {
      return { kind: 'refuse', refusal: { code: 'NAME_INVALID', message: '姓名与原通行证登记的姓名不一致，请核对身份证后重新填写。' } };
    }
    return { kind: 'attachCard', pass: personPass };
  }
  return {
    kind: 'refuse',
    refusal: { code: 'ID_HAS_PRINTED_PASS', message: '该居民已有纸质通行证。卡片遗失或损坏请补打卡片，不必重新办理。' },
  };
}

export function actStateOfPass(pass: PassDocument): PassActState {
  return { status: pass.status, onAccount: pass.openid !== null, hasCard: Boolean(pass.card) };
}

/** The card the act is done on: only an active pass with a printed card has one. */
export function cardForAct(pass: PassDocument, act: CardAct): Checked<PrintedCardRecord> {
  const refusal = staffActProblem(actStateOfPass(pass), act);
  if (refusal || !pass.card) return { ok: false, refusal: refusal ?? noCard(act, pass.openid !== null) };
  return { ok: true, value: pass.card };
}

/** The card that replaces the current one; its serial moves on, which revokes every earlier card. */
export function nextCard(card: PrintedCardRecord, now: Date): PrintedCardRecord {
  return { serial: card.serial + 1, printedAt: now };
}

/** Why the pass cannot be transferred this way, or null when it can; checked before the account code is used. */
export function transferProblem(pass: PassDocument, transfer: Transfer): Refusal | null {
  return staffActProblem(actStateOfPass(pass), transfer);
}

/**
 * Why a rebind must not go ahead although the pass can be rebound: it got its current account after the
 * account code was shown, so another staff member rebound it meanwhile (or the person's state changed while
 * they waited). The staff member decided on a holder that is gone, and the code stays unused; or null.
 */
export function rebindRaceProblem(holderBoundAt: Date, codeShownAt: Date): Refusal | null {
  if (holderBoundAt.getTime() < codeShownAt.getTime()) return null;
  return {
    code: 'CONFLICT',
    message: '该通行证在对方出示验证码之后已换绑到其他微信号（可能有其他工作人员刚刚办理）。请重新查找核对；如仍需换绑，请让本人重新获取账号验证码。',
  };
}

/** Why the pass cannot be restored, or null when it can: only a cancelled pass is. */
export function restoreProblem(pass: PassDocument): Refusal | null {
  return staffActProblem(actStateOfPass(pass), 'restore');
}

/**
 * The card of a restored pass: a pass no account holds gets a new card whose serial continues after the one
 * cancelling revoked (`revokedSerial`, 0 if it had none), so that old card stays revoked; a pass an account
 * holds gets none (it is shown on the phone).
 */
export function restoredCard(pass: PassDocument, revokedSerial: number, now: Date): PrintedCardRecord | null {
  return pass.openid === null ? { serial: revokedSerial + 1, printedAt: now } : null;
}

/** Why the account the code names cannot take the pass, or null when it can: one account, one pass. */
export function targetAccountProblem(pass: PassDocument, targetOpenid: string, targetHoldsPass: boolean): Refusal | null {
  if (pass.openid === targetOpenid) {
    return { code: 'INVALID_STATE', message: '该通行证已在这个微信号上，无需换绑。请让本人在新的微信号上获取验证码。' };
  }
  if (targetHoldsPass) {
    return {
      code: 'ACCOUNT_HAS_PASS',
      message: '出示验证码的微信号已持有一张通行证。一个微信号只能持有一张通行证，请让本人用未申领过的微信号获取验证码。',
    };
  }
  return null;
}
