import { randomBytes } from 'node:crypto';
import type { FamilyPassView } from '../../typings/contract';
import { appendAudit } from './audit';
import { readInTransaction, runAtomically, type Database, type Transaction } from './cloudbase';
import { auditEntry, type Actor } from './domain/audit';
import {
  decideFamilyGrant,
  displayablePasses,
  memberDetails,
  parseFamilyLabel,
  withMember,
  withoutMember,
  type FamilyCircleDocument,
  type FamilyMember,
  type GrantPath,
} from './domain/family';
import type { PassDocument } from './domain/pass';
import { AppError } from './errors';
import { passOfAccount } from './passes';
import { COLLECTIONS } from './schema';

/** The normalised label, or INVALID_REQUEST saying what to fix. */
export function familyLabel(raw: string): string {
  const label = parseFamilyLabel(raw);
  if (!label.ok) throw new AppError('INVALID_REQUEST', label.message);
  return label.value;
}

/** The family members of a pass, read outside any transaction (for display and early checks). */
export async function circleOf(db: Database, passId: string): Promise<FamilyCircleDocument | undefined> {
  const { data } = await db.collection(COLLECTIONS.familyGrants).doc(passId).get();
  return (data as FamilyCircleDocument[])[0];
}

function circleInTransaction(transaction: Transaction, passId: string): Promise<FamilyCircleDocument | undefined> {
  return readInTransaction<FamilyCircleDocument>(transaction, COLLECTIONS.familyGrants, passId);
}

/** What a redeemed code (a family invitation, or a guardian's account code) asks for. */
export interface GrantRequest {
  passId: string;
  grantee: string;
  label: string;
  path: GrantPath;
  actor: Actor;
  reason: string;
}

const FAMILY_BUSY = () => new AppError('CONFLICT', '同时办理的家人授权较多，请稍后再试');

/**
 * Lets an account display a pass. `redeem` marks the code used inside the same transaction that reads the
 * pass and its family members, stores the grant and appends its audit entry: a refusal writes nothing (the
 * code stays usable), and concurrent accepts for one pass conflict on its family document, so the loser
 * re-reads and sees the winner's grant before the limit is checked again.
 */
export async function grantFamilyDisplay(
  db: Database,
  now: Date,
  redeem: (transaction: Transaction) => Promise<GrantRequest>,
): Promise<{ pass: PassDocument; member: FamilyMember }> {
  return runAtomically(
    db,
    async (transaction) => {
      const request = await redeem(transaction);
      const circle = await circleInTransaction(transaction, request.passId);
      const decision = decideFamilyGrant(
        { pass: await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, request.passId), circle },
        request.grantee,
        request.path,
      );
      if (decision.kind === 'refuse') throw new AppError(decision.code, decision.message);
      const { pass } = decision;
      const member: FamilyMember = {
        grantId: randomBytes(9).toString('base64url'),
        openid: request.grantee,
        label: request.label,
        grantedAt: now,
        grantedBy: request.path.via === 'invitation' ? request.path.invitedBy : request.actor.openid,
        via: request.path.via,
      };
      await transaction.collection(COLLECTIONS.familyGrants).doc(pass._id).set(withMember(circle, member, now));
      await appendAudit(transaction, auditEntry(request.actor, now, 'family.grant', { kind: 'pass', id: pass._id }, request.reason, memberDetails(member)));
      return { pass, member };
    },
    FAMILY_BUSY,
  );
}

export interface Revocation {
  grantId: string;
  owner: Actor;
  now: Date;
}

const GRANT_NOT_FOUND = () => new AppError('NOT_FOUND', '没有找到这条家人授权，可能已经取消，请刷新后查看');

/**
 * Removes a family member from the owner's pass at once, with its audit entry. Only the account holding the
 * pass may: anyone else, with any grant id, is told the grant does not exist, exactly as for an unknown id.
 */
export async function revokeFamilyGrant(db: Database, { grantId, owner, now }: Revocation): Promise<void> {
  const held = await passOfAccount(db, owner.openid);
  if (!held) throw GRANT_NOT_FOUND();
  await runAtomically(
    db,
    async (transaction) => {
      // Still the caller's pass (a rebind may have moved it since the look-up)?
      const pass = await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, held._id);
      const circle = pass?.openid === owner.openid ? await circleInTransaction(transaction, held._id) : undefined;
      const member = circle?.members.find((candidate) => candidate.grantId === grantId);
      if (!circle || !member) throw GRANT_NOT_FOUND();
      await transaction.collection(COLLECTIONS.familyGrants).doc(held._id).set(withoutMember(circle, grantId, now));
      const details = { ...memberDetails(member), grantedAt: member.grantedAt.getTime() };
      await appendAudit(transaction, auditEntry(owner, now, 'family.revoke', { kind: 'pass', id: held._id }, '持证人取消家人出示授权', details));
    },
    FAMILY_BUSY,
  );
}

/** A family member displays few passes; a guardian of a care home may display many, up to this. */
const DISPLAYED_PASSES_MAX = 100;

/** The passes `grantee` may display: its family documents by an indexed query, then their passes in one read. */
export async function passesDisplayableBy(db: Database, grantee: string): Promise<FamilyPassView[]> {
  const circles = await db.collection(COLLECTIONS.familyGrants).where({ 'members.openid': grantee }).limit(DISPLAYED_PASSES_MAX).get();
  const circleDocuments = circles.data as FamilyCircleDocument[];
  if (circleDocuments.length === 0) return [];
  const passIds = circleDocuments.map((circle) => circle._id);
  const passes = await db.collection(COLLECTIONS.passes).where({ _id: db.command.in(passIds) }).limit(DISPLAYED_PASSES_MAX).get();
  return displayablePasses(circleDocuments, passes.data as PassDocument[], grantee);
}
