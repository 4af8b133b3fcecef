import { useAccountCode } from './account-codes';
import { appendAudit } from './audit';
import { readInTransaction, runAtomically, type Database, type Transaction } from './cloudbase';
import { auditEntry, type Actor, type AuditAction, type AuditDetails, type AuditEntry } from './domain/audit';
import type { OneTimeCodeKey } from './domain/one-time-code';
import type { AccountDocument, PassDocument, PersonDocument } from './domain/pass';
import {
  cardForAct,
  decidePrintedIssue,
  firstCard,
  nextCard,
  rebindRaceProblem,
  restoredCard,
  restoreProblem,
  targetAccountProblem,
  transferProblem,
  type Transfer,
} from './domain/printed-pass';
import { accepted, AppError, refusalError, refuseIf } from './errors';
import { newPassDocument, passOf, storeNewPass } from './passes';
import type { IdProtector } from './privacy';
import { COLLECTIONS } from './schema';

/** A manual act by staff: who does it, when and why, as its audit entry records. */
export interface StaffAct {
  actor: Actor;
  now: Date;
  reason: string;
}

const BUSY = () => new AppError('CONFLICT', '该通行证正在被同时办理其他业务，请刷新后重试');

/** How an act changes a pass, and what its audit entry says beyond who, when and why. */
interface PassChange {
  changes: Partial<Pick<PassDocument, 'openid' | 'status' | 'card' | 'cancelledCardSerial'>>;
  details: AuditDetails;
}

/**
 * Reads the pass, lets `decide` refuse or choose the change (and make its other writes), then updates the
 * pass and appends the audit entry, all in one transaction: the act and its entry are stored together or
 * not at all, and two staff acting on the same pass at once are serialised (the loser re-reads and decides
 * again). Answers the pass as stored.
 */
async function changePass(
  db: Database,
  passId: string,
  act: StaffAct,
  action: AuditAction,
  decide: (pass: PassDocument, transaction: Transaction) => Promise<PassChange>,
): Promise<PassDocument> {
  return runAtomically(
    db,
    async (transaction) => {
      const pass = await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, passId);
      if (!pass) throw new AppError('NOT_FOUND', '找不到该通行证，请刷新后重新查询。');
      const { changes, details } = await decide(pass, transaction);
      const updated = { ...pass, ...changes, updatedAt: act.now };
      // A card replaces the field whole: the SDK would otherwise set it path by path, which fails on null.
      const card = changes.card ? { card: db.command.set(changes.card) } : {};
      await transaction.collection(COLLECTIONS.passes).doc(passId).update({ ...changes, ...card, updatedAt: act.now });
      await appendAudit(transaction, auditEntry(act.actor, act.now, action, { kind: 'pass', id: passId }, act.reason, details));
      return updated;
    },
    BUSY,
  );
}

export interface PrintedPassRequest extends StaffAct {
  /** Normalised name (parsePersonName). */
  name: string;
  /** Normalised ID number (parseIdNumber). */
  idNumber: string;
}

/**
 * A pass with no WeChat account behind it and a printed card (serial 1), under the same one-pass-per-person
 * lock as applications: created in the same transaction as the `persons` document, so an application and
 * an issue for the same person racing each other cannot both win. An imported old pass nobody has claimed
 * gets the card instead of a second pass.
 */
export async function issuePrintedPass(db: Database, protector: IdProtector, request: PrintedPassRequest): Promise<PassDocument> {
  const personKey = protector.hash(request.idNumber);
  const { now, actor, reason } = request;
  return runAtomically(
    db,
    async (transaction) => {
      const person = await readInTransaction<PersonDocument>(transaction, COLLECTIONS.persons, personKey);
      const decision = decidePrintedIssue(await passOf(transaction, person), request.name);
      if (decision.kind === 'refuse') throw refusalError(decision.refusal);
      const card = firstCard(now);
      let pass: PassDocument;
      if (decision.kind === 'create') {
        pass = await storeNewPass(transaction, newPassDocument(protector, { ...request, personKey, openid: null, origin: 'staff', card }));
      } else {
        pass = { ...decision.pass, card, updatedAt: now };
        await transaction.collection(COLLECTIONS.passes).doc(pass._id).update({ card: db.command.set(card), updatedAt: now });
      }
      const details = { serial: card.serial, origin: pass.origin };
      await appendAudit(transaction, auditEntry(actor, now, 'pass.issuePrinted', { kind: 'pass', id: pass._id }, reason, details));
      return pass;
    },
    BUSY,
  );
}

/** A new card for the pass; the serial moves on, so every earlier card is revoked. */
export function reprintCard(db: Database, passId: string, act: StaffAct): Promise<PassDocument> {
  return changePass(db, passId, act, 'pass.reprint', async (pass) => {
    const card = nextCard(accepted(cardForAct(pass, 'reprint')), act.now);
    return { changes: { card }, details: { serial: card.serial } };
  });
}

/**
 * Cancels a printed pass: until staff restore it, it can be neither reprinted nor moved. Its card is revoked
 * too (no card is valid), so a verifier that compares serials refuses the card even before it looks at the
 * status; its serial is kept so that a restored pass's card continues after it. The person and account locks
 * stay: the person keeps this one pass, to be restored, and gets no second one.
 */
export function cancelPass(db: Database, passId: string, act: StaffAct): Promise<PassDocument> {
  return changePass(db, passId, act, 'pass.cancel', async (pass) => {
    const card = accepted(cardForAct(pass, 'cancel'));
    return { changes: { status: 'cancelled', card: null, cancelledCardSerial: card.serial }, details: { revokedCardSerial: card.serial } };
  });
}

/**
 * Reactivates a cancelled pass. A pass no account holds gets a new card (serial after the revoked one: print
 * it); a pass an account holds gets its account lock checked, so the account still holds only this pass.
 */
export function restorePass(db: Database, passId: string, act: StaffAct): Promise<PassDocument> {
  return changePass(db, passId, act, 'pass.restore', async (pass, transaction) => {
    refuseIf(restoreProblem(pass));
    if (pass.openid !== null) {
      const lock = await readInTransaction<AccountDocument>(transaction, COLLECTIONS.accounts, pass.openid);
      if (lock && lock.passId !== pass._id) {
        throw new AppError('ACCOUNT_HAS_PASS', '持有该通行证的微信号现已持有另一张通行证，不能恢复。请核实身份后另行办理。');
      }
      if (!lock) await transaction.collection(COLLECTIONS.accounts).add({ _id: pass.openid, passId: pass._id, boundAt: act.now });
    }
    const card = restoredCard(pass, pass.cancelledCardSerial ?? (await serialRevokedByCancelling(db, passId)), act.now);
    return { changes: { status: 'active', card }, details: { serial: card?.serial ?? null } };
  });
}

/**
 * For a pass cancelled before its document kept `cancelledCardSerial`: the serial the cancellation revoked, as
 * its audit entry (stored with the cancellation, and never changed) records it; 0 when it had no card.
 */
async function serialRevokedByCancelling(db: Database, passId: string): Promise<number> {
  const { data } = await db.collection(COLLECTIONS.audit).where({ 'target.id': passId, action: 'pass.cancel' }).orderBy('at', 'desc').limit(1).get();
  const serial = (data as AuditEntry[])[0]?.details.revokedCardSerial;
  return typeof serial === 'number' ? serial : 0;
}

const TRANSFER_AUDIT: Record<Transfer, AuditAction> = { move: 'pass.moveToAccount', rebind: 'pass.rebind' };

/**
 * Moves the pass onto the account the code names, in one transaction with the code's use: the account lock
 * of the new account is created (it must not hold a pass) and the old account's, if any, removed, so the
 * old account no longer holds the pass. Any printed card is revoked: the person now shows the code on their
 * phone, and a card left in a drawer must not stay a second way in.
 *
 * Staff acting at once on one pass are serialised by the transaction; the loser decides again on what the
 * winner stored. A second move finds the pass on an account (INVALID_STATE). A second rebind would find a
 * pass it could rebind again, from the account the winner just bound; it is refused (CONFLICT) because that
 * account got the pass after the loser's code was shown, so one rebind wins and the other account code stays
 * unused.
 */
export function transferPass(
  db: Database,
  codeKey: OneTimeCodeKey,
  transfer: Transfer,
  passId: string,
  accountCode: string,
  act: StaffAct,
): Promise<PassDocument> {
  return changePass(db, passId, act, TRANSFER_AUDIT[transfer], async (pass, transaction) => {
    refuseIf(transferProblem(pass, transfer));
    const { openid: target, shownAt } = await useAccountCode(transaction, codeKey, accountCode, act.actor.openid, act.now);
    if (pass.openid !== null) {
      const holder = await readInTransaction<AccountDocument>(transaction, COLLECTIONS.accounts, pass.openid);
      if (holder) refuseIf(rebindRaceProblem(holder.boundAt, shownAt));
    }
    const targetAccount = await readInTransaction<AccountDocument>(transaction, COLLECTIONS.accounts, target);
    refuseIf(targetAccountProblem(pass, target, targetAccount !== undefined));
    const accounts = transaction.collection(COLLECTIONS.accounts);
    if (pass.openid !== null) await accounts.doc(pass.openid).remove();
    await accounts.add({ _id: target, passId: pass._id, boundAt: act.now });
    const details = { fromAccount: pass.openid, toAccount: target, revokedCardSerial: pass.card?.serial ?? null };
    return { changes: { openid: target, card: null }, details };
  });
}

/** The pass of the person with this (normalised) ID number; the look-up itself is audited. */
export async function findPassByIdNumber(db: Database, protector: IdProtector, idNumber: string, act: StaffAct): Promise<PassDocument | undefined> {
  const personKey = protector.hash(idNumber);
  const { data } = await db.collection(COLLECTIONS.passes).where({ personKey }).limit(1).get();
  const pass = (data as PassDocument[])[0];
  // Looking a person up by ID number is a privacy act whether or not a pass is found: the entry is written
  // before the answer leaves. A miss names the person by the keyed hash, never by the number.
  const target = pass ? { kind: 'pass' as const, id: pass._id } : { kind: 'person' as const, id: personKey };
  await appendAudit(db, auditEntry(act.actor, act.now, 'pass.lookup', target, act.reason, { found: pass !== undefined }));
  return pass;
}
