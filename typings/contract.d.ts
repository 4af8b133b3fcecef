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
  | 'LIMIT_REACHED'
  /** Face verification is on and this application carries no verification of this account: verify first. */
  | 'FACE_VERIFICATION_REQUIRED'
  /** The verification was for another name or ID number than the application's: verify again. */
  | 'FACE_VERIFICATION_MISMATCH'
  /** The verification is older than its hour: verify again. */
  | 'FACE_VERIFICATION_EXPIRED'
  /** The face scan did not pass; `detail` is WeChat's verify_ret (or `errcode:N`), the message says what to do. */
  | 'FACE_VERIFICATION_FAILED';

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
  /** Where this account uploads appeal images (wx.cloud.uploadFile cloudPath prefix); the server accepts no others. */
  appealUploadFolder: string;
}

/** A started face verification: `verifyId` goes to wx.requestFacialVerify, `verification` to apply. */
export interface FaceVerificationStart {
  verification: string;
  verifyId: string;
  /** Epoch ms until which a successful scan lets this account apply. */
  validUntil: number;
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
  /** An account (kind 'account') is named by its masked openid, as the actor is; filter by the full one (targetId). */
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

/** A fresh signed code for the QR, and what the code page shows beside it. */
export interface CodeView {
  /** base64url token (docs/token-format.md). */
  token: string;
  /** What the QR encodes: the configured https prefix + token, so a plain WeChat scan opens the verifier. */
  url: string;
  /** Epoch ms. The page refreshes before expiresAt and never shows an expired code as valid. */
  issuedAt: number;
  expiresAt: number;
  /** Server clock when answered: the page keeps its live clock in step with it. */
  serverTime: number;
  colour: Colour;
  reasons: ColourReason[];
  nameMasked: string;
  /** Temporary https URL of the photo on file (valid 10 minutes or more), or null. */
  photo: string | null;
  status: PassStatus;
}

export type VerdictKind = 'PASS' | 'CAUTION' | 'STOP' | 'EXPIRED' | 'INVALID' | 'NOT_OURS' | 'REVOKED';

/** The guard's answer to a scan. Only registered guards get the person (masked name, photo). */
export interface VerifyResult {
  verdict: VerdictKind;
  /** Server clock (epoch ms), shown on the verdict screen. */
  serverTime: number;
  /** The live colour (not the one in the token) and when it was last set; absent for INVALID and NOT_OURS. */
  colour?: Colour;
  colourSince?: number;
  reasons?: ColourReason[];
  /** For registered guards only. `photo`: a temporary https URL of the photo on file (valid 10 minutes or more), or null. */
  person?: { nameMasked: string; photo: string | null };
  /** Id of the logged scan, for reporting the person to the community follow-up list. */
  scanId: string;
}

/** Public keys for verifying codes offline, valid until expiresAt (at most 48 hours after issue). */
export interface KeySetView {
  /** Epoch SECONDS, as in the open key-set format (docs/token-format.md), unlike the milliseconds elsewhere. */
  issuedAt: number;
  expiresAt: number;
  keys: Array<{ kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string; alg: 'ES256'; use: 'sig'; retiredAt?: number }>;
  /** The code URL prefix, so the phone can tell our QR codes from others offline. */
  urlPrefix: string;
}

/** A scan the guard's phone verified offline, uploaded when it is back online. */
export interface OfflineScan {
  /** Generated on the phone; uploading the same scan twice stores it once. */
  clientScanId: string;
  scannedAt: number;
  verdict: VerdictKind;
  /** The pass reference from the token, when the token was ours. */
  passRef: string | null;
  colourInToken: Colour | null;
}

export interface FollowUpView {
  followUpId: string;
  status: 'open' | 'closed';
  createdAt: number;
  checkpointName: string;
  colour: Colour;
  nameMasked: string;
  reportedByMasked: string;
  note: string;
  closedAt: number | null;
  closingNote: string | null;
}

/** What an appeal (我要申诉) is about: the resident picks one, staff see it in the queue. */
export type AppealCategory = 'wrongTravel' | 'releasedOrDischarged' | 'notMe' | 'other';

/**
 * An appeal's life (cloudfunctions/shared/domain/appeal.ts): submitted, claimed by one staff member,
 * infoRequested (waiting for the resident), awaitingApproval (a red-to-green decision waits for a second staff
 * member), then accepted, rejected or withdrawn by the resident.
 */
export type AppealStatus = 'submitted' | 'claimed' | 'infoRequested' | 'awaitingApproval' | 'accepted' | 'rejected' | 'withdrawn';

/** One message of an appeal as the resident sees it: their description and answers, staff questions and the reply. */
export interface AppealMessage {
  at: number;
  from: 'resident' | 'staff';
  kind: 'description' | 'question' | 'answer' | 'reply';
  text: string;
  /** Cloud fileIDs of the images the resident attached (the <image> component shows cloud:// ids). */
  images: string[];
}

/** A colour laid over the rules' outcome by an accepted appeal, until it expires. */
export interface AppealOverride {
  colour: Colour;
  /** Why, as staff say it: kept in the audit log. */
  reason: string;
  /** Epoch ms, at most 30 days after the decision. */
  expiresAt: number;
}

/** A partner record that made the colour, which staff may annul when accepting an appeal. */
export interface AppealRecordRef {
  source: 'health' | 'travel';
  recordId: string;
}

/** The resident's own view of an appeal. The decision shows only once it is final. */
export interface AppealView {
  appealId: string;
  status: AppealStatus;
  category: AppealCategory;
  /** The colour of the pass when the appeal was submitted. */
  colourAtSubmit: Colour;
  createdAt: number;
  updatedAt: number;
  messages: AppealMessage[];
  outcome: {
    decision: 'accept' | 'reject';
    decidedAt: number;
    /** For an accepted override: the colour and until when it holds. */
    override: { colour: Colour; expiresAt: number } | null;
    /** For an accepted appeal: the partner record behind the colour was annulled. */
    recordAnnulled: boolean;
  } | null;
  /** What the resident may do now. */
  canAddInfo: boolean;
  canWithdraw: boolean;
}

/** Why an open appeal is late: no first response within 24 hours, or no decision within 72 hours. */
export type AppealOverdue = 'firstResponse' | 'decision';

/** An appeal in the staff queue. */
export interface AppealSummary {
  appealId: string;
  status: AppealStatus;
  category: AppealCategory;
  colourAtSubmit: Colour;
  nameMasked: string;
  createdAt: number;
  firstResponseAt: number | null;
  decidedAt: number | null;
  /** Masked openid of the staff member handling it while the claim is live (2 hours since their last step). */
  handlerMasked: string | null;
  claimExpiresAt: number | null;
  overdue: AppealOverdue | null;
}

/** A partner record of the person, for staff checking an appeal; annulled records stay listed. */
export interface AppealRecordView {
  source: 'health' | 'travel';
  recordId: string;
  version: number;
  receivedAt: number;
  annulled: boolean;
  /** health: status and effectiveAt; travel: arrivedAt and fromRegion (instants in ISO 8601). */
  facts: { status: string; effectiveAt: string } | { arrivedAt: string; fromRegion: string };
}

/** The decision taken on an appeal, as staff see it. */
export interface AppealDecisionView {
  decision: 'accept' | 'reject';
  reply: string;
  byMasked: string;
  at: number;
  override: AppealOverride | null;
  annulRecord: AppealRecordRef | null;
  /** A decision that turns a red pass green waits for a second staff member. */
  needsApproval: boolean;
  approval: { byMasked: string; at: number; note: string } | null;
}

/** An appeal as staff handling it see it: the person's pass, the records behind the colour, the messages. */
export interface AppealDetail extends AppealSummary {
  pass: StaffPassView;
  /** Messages with temporary URLs of their images (valid 10 minutes). */
  messages: Array<AppealMessage & { imageUrls: string[] }>;
  records: AppealRecordView[];
  decision: AppealDecisionView | null;
  /** Staff-only notes: approvals declined and why. */
  staffNotes: Array<{ at: number; byMasked: string; text: string }>;
}

/** A distribution of durations in hours: counts per bucket [fromHours, toHours), toHours null = open-ended. */
export interface DurationDistribution {
  count: number;
  averageHours: number | null;
  buckets: Array<{ fromHours: number; toHours: number | null; count: number }>;
}

/** Aggregates for the staff dashboard's charts, computed in the database. */
export interface DashboardView {
  generatedAt: number;
  days: number;
  /** The district the figures cover; null = all (passes carry no district yet). */
  district: string | null;
  /** Active passes by colour now. */
  passesByColour: Record<Colour, number>;
  /** Passes by colour at the end of each China day of the window, from the colour history (cancelled passes included). */
  colourSeries: Array<{ day: string } & Record<Colour, number>>;
  appealsByStatus: Record<AppealStatus, number>;
  /** Open appeals past their service levels now. */
  appealsOverdue: Record<AppealOverdue, number>;
  /** Of appeals submitted in the window: time to first response and to decision. */
  firstResponseTimes: DurationDistribution;
  decisionTimes: DurationDistribution;
  followUps: { open: number; closed: number };
}

/** A venue or checkpoint with a poster (场所码); `venueId` is the scene of its mini-program code. */
export interface VenueView {
  venueId: string;
  name: string;
  district: string;
  address: string | null;
  checkpointId: string | null;
  registeredAt: number;
  /** The poster has been made and stored; venuePoster makes it on first request. */
  posterReady: boolean;
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
    apply: {
      /** `faceVerification`: from startFaceVerification; required (else FACE_VERIFICATION_REQUIRED) when the deployment has it on. */
      params: { name: string; idNumber: string; faceVerification?: string };
      result: ApplyResult;
    };
    /** Start a face scan of the person about to apply (same name and ID number as the apply that follows). */
    startFaceVerification: { params: { name: string; idNumber: string }; result: FaceVerificationStart };
    myPass: { params: NoParams; result: PassView };
    /** A fresh signed code for the caller's pass: one database read on the critical path. */
    code: { params: NoParams; result: CodeView };
    /** A fresh code of a family member's pass the caller may display. */
    familyCode: { params: { grantId: string }; result: CodeView };
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
    /** Appeal against the caller's own colour (我要申诉); at most one open appeal per pass. */
    appealSubmit: {
      /** images: up to 3 cloud fileIDs the mini-program uploaded under `appeals/<openid>/`, JPEG or PNG, 5 MB each. */
      params: { category: AppealCategory; description: string; images: string[] };
      result: { appeal: AppealView };
    };
    /** The caller's appeals, newest first. */
    appealMine: { params: NoParams; result: { appeals: AppealView[] } };
    /** Answer staff's request for more information. */
    appealAddInfo: { params: { appealId: string; text: string; images?: string[] }; result: { appeal: AppealView } };
    appealWithdraw: { params: { appealId: string }; result: { appeal: AppealView } };
    /** The caller entered a venue: `scene` from the venue poster's code. Never changes a colour. */
    checkIn: { params: { scene: string }; result: { venueName: string; at: number } };
  };
  guard: {
    post: { params: NoParams; result: GuardPost };
    /**
     * Verify a scanned QR (the whole text). Any account may ask; only guards see the person. The guard page
     * sends the `checkpointId` of its post (from `post`): the scan log is then written in the same round
     * trip as the reads. It decides nothing: a missing or stale one only costs the log a second write.
     */
    verify: { params: { scanned: string; checkpointId?: string }; result: VerifyResult };
    /** Public keys for offline verification. */
    keySet: { params: NoParams; result: KeySetView };
    /** Scans verified offline, uploaded once back online; idempotent by clientScanId. */
    uploadScans: { params: { scans: OfflineScan[] }; result: { stored: number; duplicates: number } };
    /** Report a yellow or red person to the community follow-up list with one tap. */
    reportFollowUp: { params: { scanId: string; note?: string }; result: { followUpId: string } };
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
      /**
       * `auditAction` filters by the entry's action (an event's own `action` names the function's action).
       * Newest first; the next page is asked with the same filters and the `nextCursor` of the last answer.
       */
      params: { auditAction?: string; targetId?: string; actorId?: string; since?: number; until?: number; limit?: number; cursor?: string };
      /** `nextCursor` is present when more entries follow; opaque, pass it back as it is. */
      result: { entries: AuditEntryView[]; nextCursor?: string };
    };
    /** Look a person's pass up by ID number (audited). */
    findPass: { params: { idNumber: string; reason: string }; result: { pass: StaffPassView | null } };
    /** A pass for someone without a smartphone: no WeChat account behind it, a printed card. */
    issuePrintedPass: { params: { name: string; idNumber: string; reason: string }; result: { pass: StaffPassView } };
    /** A new card; the old card is revoked. */
    reprintCard: { params: { passId: string; reason: string }; result: { pass: StaffPassView } };
    cancelPass: { params: { passId: string; reason: string }; result: { pass: StaffPassView } };
    /** Reactivates a cancelled pass (the person keeps their one pass); a printed one gets a new card, the revoked card stays revoked. */
    restorePass: { params: { passId: string; reason: string }; result: { pass: StaffPassView } };
    /** Moves a printed pass onto the person's own account, identified by the account code they show. */
    movePassToAccount: { params: { passId: string; accountCode: string; reason: string }; result: { pass: StaffPassView } };
    /**
     * Moves a pass to a new account after a lost phone or WeChat account; the old account loses it. CONFLICT when
     * the pass was rebound after the code was shown (another staff member at the same time): nothing is changed.
     */
    rebindPass: { params: { passId: string; accountCode: string; reason: string }; result: { pass: StaffPassView } };
    /** Lets a guardian's account display a printed pass, as a family member would. */
    linkGuardian: { params: { passId: string; accountCode: string; label: string; reason: string }; result: { grant: FamilyGrantView } };
    /** The follow-up list of guards' reports, oldest open first. */
    followUps: { params: { status?: 'open' | 'closed' }; result: { followUps: FollowUpView[] } };
    closeFollowUp: { params: { followUpId: string; note: string }; result: { followUp: FollowUpView } };
    /** A printable PDF card (masked name, photo, long-lived signed code) for a printed pass's current card. */
    printCard: { params: { passId: string; reason: string }; result: { url: string; serial: number; expiresAt: number } };
    /** One batch of an old system's export; idempotent (a row already imported is `unchanged`). */
    importLegacy: { params: { records: LegacyRecord[] }; result: { rows: LegacyImportRow[] } };
    /** Appeals oldest first; by default the open ones. `olderThanHours` keeps those submitted at least that long ago. */
    appealQueue: {
      params: { status?: AppealStatus; category?: AppealCategory; olderThanHours?: number; limit?: number };
      result: { appeals: AppealSummary[] };
    };
    appealGet: { params: { appealId: string }; result: { appeal: AppealDetail } };
    /** Take an appeal: one handler at a time; a claim idle for 2 hours frees it. */
    appealClaim: { params: { appealId: string }; result: { appeal: AppealSummary } };
    /** Ask the resident for more information (they are notified). */
    appealRequestInfo: { params: { appealId: string; question: string }; result: { appeal: AppealSummary } };
    /** Accept (with a colour override or by annulling a partner record) or reject, with a reply the resident reads. */
    appealDecide: {
      params:
        | { appealId: string; reply: string; decision: 'accept'; override: AppealOverride }
        | { appealId: string; reply: string; decision: 'accept'; annulRecord: AppealRecordRef }
        | { appealId: string; reply: string; decision: 'reject' };
      result: { appeal: AppealSummary };
    };
    /** A second staff member (not the decider) approves or declines a red-to-green decision; declined, it goes back to the decider. */
    appealApprove: { params: { appealId: string; approve: boolean; note: string }; result: { appeal: AppealSummary } };
    /** Aggregates for the dashboard charts over the last `days` (1 to 90, default 30). */
    dashboard: { params: { days?: number }; result: DashboardView };
    registerVenue: { params: { name: string; district: string; address?: string; checkpointId?: string }; result: { venue: VenueView } };
    /** Venues newest first, of one district or all. */
    venues: { params: { district?: string }; result: { venues: VenueView[] } };
    /** A download URL of the venue's printable A4 poster, made once and stored. */
    venuePoster: { params: { venueId: string }; result: { url: string } };
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
