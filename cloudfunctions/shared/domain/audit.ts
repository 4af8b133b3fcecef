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

/** One line of the append-only audit log: who, what, when, why, and on what. */
export interface AuditEntry {
  at: Date;
  actor: { openid: string; roles: Role[] };
  action: AuditAction;
  target: { kind: AuditTargetKind; id: string };
  reason: string;
  details: AuditDetails;
}

export interface Actor {
  openid: string;
  roles: Role[];
}

export function auditEntry(
  actor: Actor,
  now: Date,
  action: AuditAction,
  target: AuditEntry['target'],
  reason: string,
  details: AuditDetails = {},
): AuditEntry {
  return { at: now, actor: { openid: actor.openid, roles: actor.roles }, action, target, reason, details };
}
