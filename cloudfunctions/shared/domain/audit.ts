import type { Role } from '../../../typings/contract';

/** Every kind of act that leaves an audit entry. Add new kinds here: the log is read by these names. */
export type AuditAction =
  | 'role.grant'
  | 'role.revoke'
  | 'invitation.create'
  | 'pass.issuePrinted'
  | 'pass.reprint'
  | 'pass.cancel'
  /** Staff reactivated a cancelled pass. */
  | 'pass.restore'
  | 'pass.moveToAccount'
  | 'pass.rebind'
  /** Staff looked a person up by ID number: a privacy act, recorded whether or not a pass was found. */
  | 'pass.lookup'
  | 'pass.import'
  /** Staff printed the PDF card of a pass's current card serial: a long-lived code was issued. */
  | 'card.print'
  | 'family.grant'
  | 'family.revoke'
  | 'followUp.close'
  | 'appeal.submit'
  | 'appeal.addInfo'
  | 'appeal.withdraw'
  | 'appeal.claim'
  | 'appeal.requestInfo'
  | 'appeal.decide'
  | 'appeal.approve'
  /** An accepted appeal laid a colour over the rules' outcome of a pass. */
  | 'colour.override'
  /** An accepted appeal annulled the partner record behind a colour. */
  | 'record.annul'
  /** Staff registered a venue or checkpoint for a poster (场所码). */
  | 'venue.register';

/** 'person': named by the keyed hash of the ID number (the `persons` id), for a look-up that found no pass. */
export type AuditTargetKind = 'account' | 'pass' | 'invitation' | 'family' | 'person' | 'followUp' | 'appeal' | 'feedRecord' | 'venue';

/** Values kept in an entry's details: plain, small, never an ID number or a full name. */
export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One line of the append-only audit log: who, what, when, why, and on what. `A` is who may have acted: the
 * log as a whole is AuditEntry<AuditActor> (read it so, as auditLog does); the default, a WeChat account,
 * suits entries of acts that only accounts perform.
 */
export interface AuditEntry<A extends AuditActor = Actor> {
  at: Date;
  actor: A;
  action: AuditAction;
  target: { kind: AuditTargetKind; id: string };
  reason: string;
  details: AuditDetails;
}

/** A WeChat account acting through a function: the caller's openid and the roles it held at the time. */
export interface Actor {
  openid: string;
  roles: Role[];
}

/**
 * A person running a command against a deployed environment with its CAM key (`npm run import:legacy --
 * --env …`): no WeChat account and no role, only the name given with `--operator`. The CAM key is the
 * authority; the name says who used it. Stored with `kind`, which account actors have never carried.
 */
export interface OperatorActor {
  kind: 'operator';
  name: string;
}

export type AuditActor = Actor | OperatorActor;

export function isOperator(actor: AuditActor): actor is OperatorActor {
  return 'kind' in actor && actor.kind === 'operator';
}

export function auditEntry<A extends AuditActor>(
  actor: A,
  now: Date,
  action: AuditAction,
  target: AuditEntry['target'],
  reason: string,
  details: AuditDetails = {},
): AuditEntry<A> {
  // A copy of the actor's own fields only: whatever else the caller's object holds is not stored.
  const who = (isOperator(actor) ? { kind: 'operator', name: actor.name } : { openid: actor.openid, roles: actor.roles }) as A;
  return { at: now, actor: who, action, target, reason, details };
}
