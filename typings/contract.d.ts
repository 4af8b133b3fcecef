/**
 * The request/response contract of every cloud function, imported (as types only) by the functions and by
 * the mini-program. Every function takes `{ action, ...params }` and answers a Result.
 */

export type Role = 'resident' | 'guard' | 'staff' | 'admin';

/** Codes a function may answer; each failure also carries a message fit to show a person (zh-CN). */
export type ErrorCode =
  /** The event does not match the action's parameters; the message names the field. */
  | 'INVALID_REQUEST'
  /** The function has no such action. */
  | 'UNKNOWN_ACTION'
  /** The call carries no WeChat identity (openid). */
  | 'UNAUTHENTICATED'
  /** The caller's roles do not allow this action. */
  | 'FORBIDDEN'
  /** Something failed on our side; nothing was changed that the caller must undo. */
  | 'INTERNAL'
  /** The platform could not be reached (network, timeout); the caller may retry. */
  | 'UNAVAILABLE'
  /** The ID number is not valid; `detail` says which part: length, characters, checkDigit, birthDate, region. */
  | 'ID_INVALID'
  /** The name is not a valid Chinese or Latin name of 2 to 30 characters. */
  | 'NAME_INVALID'
  /** This person's pass is held by another WeChat account: appeal, or ask the community office to rebind. */
  | 'ID_BOUND_TO_OTHER_ACCOUNT'
  /** This WeChat account already holds the pass of another person: one account, one pass. */
  | 'ACCOUNT_HAS_PASS'
  /** This person has a printed pass issued by staff: the community office moves it onto an account. */
  | 'ID_HAS_PRINTED_PASS'
  /** Too many attempts from this account; `detail` holds the epoch ms when it may try again. */
  | 'RATE_LIMITED'
  /** The caller's account holds no pass yet. */
  | 'NO_PASS'
  /** Another change to the same thing won; reload and decide again. */
  | 'CONFLICT'
  /** A one-time code (invitation, account code) is unknown, used or expired. */
  | 'CODE_INVALID'
  /** The pass, grant or account named does not exist. */
  | 'NOT_FOUND'
  /** The thing exists but its state does not allow this (e.g. reprinting a pass that has no card). */
  | 'INVALID_STATE'
  /** A per-person limit is reached (e.g. family members who may display a code). */
  | 'LIMIT_REACHED';

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Machine-readable precision for some codes (which part of an ID number, when to retry). */
  detail?: string;
}

export interface Success<T> {
  ok: true;
  data: T;
}

export type Result<T> = Success<T> | Failure;

type NoParams = Record<string, never>;

export interface SessionInfo {
  /** Everyone is a resident; guard, staff and admin are granted on top. */
  roles: Role[];
  /** Server clock, epoch milliseconds: pages show it so a stale screenshot is easy to spot. */
  serverTime: number;
}

export type Colour = 'green' | 'yellow' | 'red';

/** Why a pass has its colour, in both languages: the resident sees it (随申码 guide, question 11). */
export interface ColourReason {
  code: string;
  zh: string;
  en: string;
}

export type PassStatus = 'active' | 'cancelled';
export type PassOrigin = 'self' | 'staff' | 'migrated';

/** A pass as its owner (or staff) sees it. Names and ID numbers only ever leave the server masked. */
export interface PassView {
  passId: string;
  nameMasked: string;
  idMasked: string;
  /** Temporary URL of the photo on file, or null. */
  photoUrl: string | null;
  colour: Colour;
  reasons: ColourReason[];
  /** Epoch ms since when the pass has had this colour. */
  colourSince: number;
  /** Epoch ms when the colour changes by time alone (yellow turning green), or null. */
  nextChangeAt: number | null;
  status: PassStatus;
  origin: PassOrigin;
  /** Epoch ms; for a migrated pass, the original issue date. */
  issuedAt: number;
}

/** One change of a pass's colour as its holder sees it: never the raw partner record. */
export interface ColourHistoryEntry {
  at: number;
  from: Colour | null;
  to: Colour;
  reasons: ColourReason[];
  /** Where the change came from, in words: 卫生健康部门数据, 行程数据, 到期自动更新, 工作人员复核 … */
  source: string;
}

export interface ApplyResult {
  pass: PassView;
  /** false when the account already held this person's pass (applying again is idempotent). */
  created: boolean;
  /** true when an imported old pass (e.g. 南海通行证) was carried over onto this account. */
  carriedOver: boolean;
}

/** A pass as staff see it: the full name (staff serve the person at the counter), never the ID number. */
export interface StaffPassView extends PassView {
  name: string;
  /** Masked openid of the account holding it, or null for a printed pass. */
  accountMasked: string | null;
  /** The printed card currently valid, for passes issued by staff. */
  card: PrintedCard | null;
  /** The old pass number, for passes imported from an old system. */
  legacyNumber: string | null;
}

export interface PrintedCard {
  /** Increases with every reprint; a card whose serial is not the current one is revoked. */
  serial: number;
  printedAt: number;
}

/** A single-use code handed from one person to another (role invitation, family invitation, account code). */
export interface OneTimeCode {
  code: string;
  expiresAt: number;
}

/** A pass the caller may display for a family member (随申码 guide, question 17). */
export interface FamilyPassView extends PassView {
  grantId: string;
  /** How the owner named the relation, e.g. 妈妈. */
  label: string;
}

export interface FamilyGrantView {
  grantId: string;
  label: string;
  /** Masked openid of the family member's account. */
  accountMasked: string;
  grantedAt: number;
}

export interface AuditEntryView {
  at: number;
  actorMasked: string;
  actorRoles: Role[];
  action: string;
  target: { kind: string; id: string };
  reason: string;
  details: Record<string, string | number | boolean | null>;
}

/** One row of an old pass system's export (南海通行证 and the like), as the import command sends it. */
export interface LegacyRecord {
  /** Line in the source file, echoed in the result so a person can find the row. */
  line: number;
  name: string;
  idNumber: string;
  legacyNumber: string;
  /** The old system's status: only active passes are carried over. */
  status: 'active' | 'revoked';
  /** Original issue date (YYYY-MM-DD), kept on the carried-over pass. */
  issuedOn?: string;
}

export interface LegacyImportRow {
  line: number;
  outcome: 'imported' | 'unchanged' | 'rejected';
  /** For rejected rows: what is wrong, in words a person can act on. */
  reason?: string;
}

export interface GuardPost {
  checkpointId: string;
  checkpointName: string;
}

/** Actions callable from the mini-program, per function. */
export interface FunctionContracts {
  resident: {
    session: { params: NoParams; result: SessionInfo };
    /** Apply for the caller's own pass with real name and ID number. */
    apply: { params: { name: string; idNumber: string }; result: ApplyResult };
    myPass: { params: NoParams; result: PassView };
    /** Every change of the caller's colour, newest first. */
    colourHistory: { params: NoParams; result: { entries: ColourHistoryEntry[] } };
    /** Redeem a role invitation (guard or staff) on the caller's account. */
    redeemInvitation: { params: { code: string }; result: { roles: Role[] } };
    /** A short-lived code the resident shows staff, so staff can move a pass onto this account. */
    accountCode: { params: NoParams; result: OneTimeCode };
    /** The owner invites a family member to display their code on the family member's phone. */
    familyInvite: { params: { label: string }; result: OneTimeCode };
    /** The family member's account accepts an invitation. */
    familyAccept: { params: { code: string }; result: { pass: FamilyPassView } };
    /** The owner: who may display my code. */
    familyGrants: { params: NoParams; result: { grants: FamilyGrantView[] } };
    /** The owner revokes a family member's display right. */
    familyRevoke: { params: { grantId: string }; result: { revoked: boolean } };
    /** The family member: the codes I may display, each labelled with its owner. */
    familyPasses: { params: NoParams; result: { passes: FamilyPassView[] } };
  };
  guard: {
    post: { params: NoParams; result: GuardPost };
  };
  staff: {
    roles: { params: { role?: 'guard' | 'staff' }; result: { grants: RoleGrant[] } };
    /** Staff invite guards; admins invite guards and staff. */
    createInvitation: {
      params: { role: 'guard'; checkpointId: string; checkpointName: string } | { role: 'staff'; district: string };
      result: OneTimeCode;
    };
    revokeRole: { params: { accountId: string; role: 'guard' | 'staff'; reason: string }; result: { revoked: boolean } };
    auditLog: {
      /** `auditAction` filters by the entry's action (an event's own `action` names the function's action). */
      params: { auditAction?: string; targetId?: string; actorId?: string; since?: number; until?: number; limit?: number };
      result: { entries: AuditEntryView[] };
    };
    /** Look a person's pass up by ID number (audited). */
    findPass: { params: { idNumber: string; reason: string }; result: { pass: StaffPassView | null } };
    /** A pass for someone without a smartphone: no WeChat account behind it, a printed card. */
    issuePrintedPass: { params: { name: string; idNumber: string; reason: string }; result: { pass: StaffPassView } };
    /** A new card; the old card is revoked. */
    reprintCard: { params: { passId: string; reason: string }; result: { pass: StaffPassView } };
    cancelPass: { params: { passId: string; reason: string }; result: { pass: StaffPassView } };
    /** Moves a printed pass onto the person's own account, identified by the account code they show. */
    movePassToAccount: { params: { passId: string; accountCode: string; reason: string }; result: { pass: StaffPassView } };
    /** Moves a pass to a new account after a lost phone or WeChat account; the old account loses it. */
    rebindPass: { params: { passId: string; accountCode: string; reason: string }; result: { pass: StaffPassView } };
    /** Lets a guardian's account display a printed pass, as a family member would. */
    linkGuardian: { params: { passId: string; accountCode: string; label: string; reason: string }; result: { grant: FamilyGrantView } };
    /** One batch of an old system's export; idempotent (a row already imported is `unchanged`). */
    importLegacy: { params: { records: LegacyRecord[] }; result: { rows: LegacyImportRow[] } };
  };
}

export interface RoleGrant {
  /** The account's openid, which revokeRole takes. */
  accountId: string;
  /** Masked openid, for display. */
  account: string;
  role: 'guard' | 'staff';
  checkpointId?: string;
  district?: string;
  grantedAt: number;
}

export type FunctionName = keyof FunctionContracts;
export type ActionName<F extends FunctionName> = keyof FunctionContracts[F] & string;
export type ParamsOf<F extends FunctionName, A extends ActionName<F>> = FunctionContracts[F][A] extends { params: infer P }
  ? P
  : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = FunctionContracts[F][A] extends { result: infer R }
  ? R
  : never;
/** An action's event: its name and its parameters (an action without parameters takes `action` alone). */
export type EventOf<F extends FunctionName, A extends ActionName<F>> = { action: A } & (string extends keyof ParamsOf<F, A> ? unknown : ParamsOf<F, A>);
