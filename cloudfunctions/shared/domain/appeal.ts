import type {
  AppealCategory,
  AppealDecisionView,
  AppealMessage,
  AppealOverdue,
  AppealRecordView,
  AppealStatus,
  AppealSummary,
  AppealView,
  Colour,
} from '../../../typings/contract';
import { maskOpenid } from '../roles';
import type { FeedRecordDocument } from './feed-records';
import type { Refusal } from './printed-pass';

/**
 * Appeals (我要申诉, 随申码 guide questions 11 and 15): a resident who thinks their colour is wrong appeals,
 * one staff member takes it, may ask for more information, and decides; a decision that turns a red pass
 * green waits for a second staff member. Pure: the caller reads the appeal inside a transaction, asks
 * `nextStep` whether the step is allowed, and writes the outcome in the same transaction.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const APPEAL_CATEGORIES = ['wrongTravel', 'releasedOrDischarged', 'notMe', 'other'] as const satisfies readonly AppealCategory[];
export const OPEN_STATUSES = ['submitted', 'claimed', 'infoRequested', 'awaitingApproval'] as const satisfies readonly AppealStatus[];
export const APPEAL_STATUSES = [...OPEN_STATUSES, 'accepted', 'rejected', 'withdrawn'] as const satisfies readonly AppealStatus[];

export const MAX_APPEAL_IMAGES = 3;
export const MAX_APPEAL_IMAGE_BYTES = 5 * 1024 * 1024;
export const DESCRIPTION_LENGTH = { min: 10, max: 500 } as const;
/** An override lasts at most this long: then the rules decide again, or staff decide anew on a new appeal. */
export const MAX_OVERRIDE_MS = 30 * DAY_MS;
/** A claim whose holder took no step for this long is abandoned: another staff member may take the appeal. */
export const CLAIM_IDLE_MS = 2 * HOUR_MS;
/**
 * Service levels. The guide promises a reply "及时" and gives no figure; these make it measurable: staff take
 * an appeal up within a day (residents are told it was received) and decide within three days, the time
 * partner systems usually need to confirm or correct a record.
 */
export const FIRST_RESPONSE_DUE_MS = 24 * HOUR_MS;
export const DECISION_DUE_MS = 72 * HOUR_MS;

export interface AppealClaim {
  by: string;
  /** The holder's last step: the claim is live for CLAIM_IDLE_MS after it. */
  at: Date;
}

export interface AppealMessageRecord {
  at: Date;
  from: 'resident' | 'staff';
  kind: AppealMessage['kind'];
  text: string;
  images: string[];
}

export interface AppealDecisionRecord {
  decision: 'accept' | 'reject';
  reply: string;
  by: string;
  at: Date;
  override: { colour: Colour; reason: string; expiresAt: Date } | null;
  /** The version decided on: a newer version arriving before approval is a new fact to decide on. */
  annulRecord: { source: 'health' | 'travel'; recordId: string; version: number } | null;
  needsApproval: boolean;
  approval: { by: string; at: Date; note: string } | null;
}

/** The `appeals` document. Its open state is also held by the `appeal_locks` document of its pass. */
export interface AppealDocument {
  _id: string;
  passId: string;
  /** The account that appealed: the only resident who may see, answer or withdraw it. */
  openid: string;
  nameMasked: string;
  category: AppealCategory;
  status: AppealStatus;
  colourAtSubmit: Colour;
  messages: AppealMessageRecord[];
  claim: AppealClaim | null;
  decision: AppealDecisionRecord | null;
  staffNotes: Array<{ at: Date; by: string; text: string }>;
  createdAt: Date;
  updatedAt: Date;
  /** The first step staff took on it (claim, question or decision): the first-response service level. */
  firstResponseAt: Date | null;
  /** When it was accepted or rejected for good (after approval, when one was needed). */
  decidedAt: Date | null;
  closedAt: Date | null;
}

/** What can happen to an appeal after it is submitted. */
export type AppealStep =
  | { kind: 'claim' }
  | { kind: 'requestInfo' }
  | { kind: 'addInfo' }
  | { kind: 'withdraw' }
  /** `needsApproval`: an acceptance that turns a red pass green (needsSecondApproval). */
  | { kind: 'decide'; decision: 'accept' | 'reject'; needsApproval: boolean }
  | { kind: 'approve'; approve: boolean };

export type AppealStepKind = AppealStep['kind'];

/** Who may take each step; the handler's role check and this agree (residents are never staff here). */
export const STEP_ROLE: Readonly<Record<AppealStepKind, 'resident' | 'staff'>> = {
  claim: 'staff',
  requestInfo: 'staff',
  addInfo: 'resident',
  withdraw: 'resident',
  decide: 'staff',
  approve: 'staff',
};

export interface AppealActor {
  role: 'resident' | 'staff';
  openid: string;
}

/** What the machine reads of an appeal. */
export type AppealState = Pick<AppealDocument, 'status' | 'openid' | 'claim' | 'decision'>;

export type StepOutcome = { ok: true; status: AppealStatus; claim: AppealClaim | null } | { ok: false; refusal: Refusal };

export const CATEGORY_WORDS: Readonly<Record<AppealCategory, string>> = {
  wrongTravel: '行程记录有误',
  releasedOrDischarged: '已解除医学观察或已出院',
  notMe: '不是本人的记录',
  other: '其他',
};

export const STATUS_WORDS: Readonly<Record<AppealStatus, string>> = {
  submitted: '待受理',
  claimed: '处理中',
  infoRequested: '待补充材料',
  awaitingApproval: '待审批',
  accepted: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export function isOpen(status: AppealStatus): boolean {
  return (OPEN_STATUSES as readonly AppealStatus[]).includes(status);
}

/** The staff member holding a live claim, or null when nobody does (never claimed, or idle too long). */
export function liveHandler(claim: AppealClaim | null, now: Date): string | null {
  return claim && now.getTime() - claim.at.getTime() < CLAIM_IDLE_MS ? claim.by : null;
}

const refuse = (code: Refusal['code'], message: string): StepOutcome => ({ ok: false, refusal: { code, message } });
const to = (status: AppealStatus, claim: AppealClaim | null): StepOutcome => ({ ok: true, status, claim });

function residentStep(appeal: AppealState, kind: 'addInfo' | 'withdraw', actor: AppealActor, now: Date): StepOutcome {
  // Another resident's appeal does not exist for this caller.
  if (appeal.openid !== actor.openid) return refuse('NOT_FOUND', '找不到该申诉，请刷新后重试');
  if (!isOpen(appeal.status)) return refuse('INVALID_STATE', `该申诉${STATUS_WORDS[appeal.status]}，不能再操作；如仍有疑问，可重新提交申诉`);
  if (kind === 'withdraw') return to('withdrawn', null);
  if (appeal.status !== 'infoRequested' || !appeal.claim) return refuse('INVALID_STATE', '工作人员没有要求补充材料，暂时无需补充');
  // The answer goes back to whoever asked, and their claim is fresh again.
  return to('claimed', { by: appeal.claim.by, at: now });
}

function approveStep(appeal: AppealState, approve: boolean, actor: AppealActor, now: Date): StepOutcome {
  const { status, decision } = appeal;
  if (status !== 'awaitingApproval' || !decision) return refuse('INVALID_STATE', `该申诉${STATUS_WORDS[status]}，没有待审批的决定`);
  if (decision.by === actor.openid) return refuse('FORBIDDEN', '不能审批自己作出的决定，请由另一位工作人员审批');
  // Declined, the appeal goes back to the decider to decide again.
  return approve ? to('accepted', null) : to('claimed', { by: decision.by, at: now });
}

type HandlerStep = Extract<AppealStep, { kind: 'claim' | 'requestInfo' | 'decide' }>;

function handlerStep(appeal: AppealState, step: HandlerStep, actor: AppealActor, now: Date): StepOutcome {
  const { status, decision } = appeal;
  if (status === 'withdrawn') return refuse('INVALID_STATE', '居民已撤回该申诉');
  if (decision) return refuse('CONFLICT', `该申诉已由工作人员 ${maskOpenid(decision.by)} 作出决定（${STATUS_WORDS[status]}），请刷新`);
  const holder = liveHandler(appeal.claim, now);
  if (holder && holder !== actor.openid) {
    return refuse('CONFLICT', `该申诉正由工作人员 ${maskOpenid(holder)} 处理，请选择其他申诉（认领后 2 小时无操作即可接手）`);
  }
  // Acting on a free appeal takes it: one handler at a time either way.
  const claim = { by: actor.openid, at: now };
  switch (step.kind) {
    case 'claim':
      return to(status === 'infoRequested' ? 'infoRequested' : 'claimed', claim);
    case 'requestInfo':
      return status === 'infoRequested' ? refuse('INVALID_STATE', '已在等待居民补充材料') : to('infoRequested', claim);
    case 'decide':
      if (step.decision === 'reject') return to('rejected', null);
      return step.needsApproval ? to('awaitingApproval', claim) : to('accepted', null);
  }
}

/**
 * Whether `actor` may take `step` on the appeal now, and the status and claim after it. Every refusal is
 * typed: NOT_FOUND (another resident's appeal), INVALID_STATE (not possible in this status), CONFLICT
 * (another staff member holds it or has decided it), FORBIDDEN (the wrong side, or approving one's own).
 */
export function nextStep(appeal: AppealState, step: AppealStep, actor: AppealActor, now: Date): StepOutcome {
  if (STEP_ROLE[step.kind] !== actor.role) return refuse('FORBIDDEN', '您的账号没有进行此操作的权限');
  switch (step.kind) {
    case 'addInfo':
    case 'withdraw':
      return residentStep(appeal, step.kind, actor, now);
    case 'approve':
      return approveStep(appeal, step.approve, actor, now);
    default:
      return handlerStep(appeal, step, actor, now);
  }
}

/** The appeal after an allowed step: status, claim and the service-level times. */
export function afterStep(appeal: AppealDocument, outcome: { status: AppealStatus; claim: AppealClaim | null }, actor: AppealActor, now: Date): AppealDocument {
  const final = outcome.status === 'accepted' || outcome.status === 'rejected';
  return {
    ...appeal,
    status: outcome.status,
    claim: outcome.claim,
    updatedAt: now,
    firstResponseAt: appeal.firstResponseAt ?? (actor.role === 'staff' ? now : null),
    decidedAt: final ? now : appeal.decidedAt,
    closedAt: isOpen(appeal.status) && !isOpen(outcome.status) ? now : appeal.closedAt,
  };
}

/** A decision that would turn a red pass green takes a second staff member (four eyes). */
export function needsSecondApproval(current: Colour, resulting: Colour): boolean {
  return current === 'red' && resulting === 'green';
}

/** Why an override cannot be set, or null. */
export function overrideProblem(override: { colour: Colour; expiresAt: number }, current: Colour, now: Date): Refusal | null {
  if (override.colour === current) {
    return { code: 'INVALID_REQUEST', message: '复核颜色与当前颜色相同；如认为当前颜色无误，请驳回申诉' };
  }
  if (override.expiresAt <= now.getTime()) return { code: 'INVALID_REQUEST', message: '复核颜色的有效期应晚于现在' };
  if (override.expiresAt > now.getTime() + MAX_OVERRIDE_MS) return { code: 'INVALID_REQUEST', message: '复核颜色的有效期最长 30 天' };
  return null;
}

/** Which service level an open appeal has missed now: the decision (72 h) before the first response (24 h). */
export function overdueOf(appeal: Pick<AppealDocument, 'status' | 'createdAt' | 'firstResponseAt'>, now: Date): AppealOverdue | null {
  if (!isOpen(appeal.status)) return null;
  const age = now.getTime() - appeal.createdAt.getTime();
  if (age >= DECISION_DUE_MS) return 'decision';
  return appeal.firstResponseAt === null && age >= FIRST_RESPONSE_DUE_MS ? 'firstResponse' : null;
}

// --- images -------------------------------------------------------------------------------------------

/** Where the mini-program uploads an account's appeal images (wx.cloud.uploadFile cloudPath prefix). */
export function appealImageFolder(openid: string): string {
  return `appeals/${openid}/`;
}

/** The image's name as a person recognises it: its position and file name. */
export function imageLabel(fileID: string, index: number): string {
  return `第 ${index + 1} 张图片（${fileID.slice(fileID.lastIndexOf('/') + 1)}）`;
}

/** Why a fileID cannot be one of the caller's appeal images, or null: it must lie in their own folder. */
export function imagePathProblem(fileID: string, openid: string): string | null {
  const cloudPath = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)?.[1];
  if (!cloudPath) return '不是云存储中的文件';
  const folder = appealImageFolder(openid);
  const segments = cloudPath.slice(folder.length).split('/');
  if (!cloudPath.startsWith(folder) || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return '不是您本人上传的申诉图片';
  }
  return null;
}

export type ImageKind = 'jpeg' | 'png';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes needed to tell the kinds apart. */
export const IMAGE_SNIFF_BYTES = PNG_SIGNATURE.length;

/** JPEG or PNG by the file's first bytes (its name or declared type say nothing), else null. */
export function sniffImage(head: Uint8Array): ImageKind | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, index) => head[index] === byte)) return 'png';
  return null;
}

// --- views --------------------------------------------------------------------------------------------

export function messageView(message: AppealMessageRecord): AppealMessage {
  return { at: message.at.getTime(), from: message.from, kind: message.kind, text: message.text, images: message.images };
}

/** The resident's view: the decision shows once final (a decision awaiting approval may still change). */
export function appealView(appeal: AppealDocument): AppealView {
  const final = appeal.status === 'accepted' || appeal.status === 'rejected' ? appeal.decision : null;
  const accepted = final?.decision === 'accept';
  return {
    appealId: appeal._id,
    status: appeal.status,
    category: appeal.category,
    colourAtSubmit: appeal.colourAtSubmit,
    createdAt: appeal.createdAt.getTime(),
    updatedAt: appeal.updatedAt.getTime(),
    messages: appeal.messages.map(messageView),
    outcome: final
      ? {
          decision: final.decision,
          decidedAt: (appeal.decidedAt ?? final.at).getTime(),
          override: accepted && final.override ? { colour: final.override.colour, expiresAt: final.override.expiresAt.getTime() } : null,
          recordAnnulled: accepted && final.annulRecord !== null,
        }
      : null,
    canAddInfo: appeal.status === 'infoRequested',
    canWithdraw: isOpen(appeal.status),
  };
}

/** A line of the staff queue. */
export function appealSummary(appeal: AppealDocument, now: Date): AppealSummary {
  const holding = appeal.status === 'claimed' || appeal.status === 'infoRequested' ? liveHandler(appeal.claim, now) : null;
  return {
    appealId: appeal._id,
    status: appeal.status,
    category: appeal.category,
    colourAtSubmit: appeal.colourAtSubmit,
    nameMasked: appeal.nameMasked,
    createdAt: appeal.createdAt.getTime(),
    firstResponseAt: appeal.firstResponseAt?.getTime() ?? null,
    decidedAt: appeal.decidedAt?.getTime() ?? null,
    handlerMasked: holding ? maskOpenid(holding) : null,
    claimExpiresAt: holding && appeal.claim ? appeal.claim.at.getTime() + CLAIM_IDLE_MS : null,
    overdue: overdueOf(appeal, now),
  };
}

export function decisionView(decision: AppealDecisionRecord): AppealDecisionView {
  const { override, annulRecord, approval } = decision;
  return {
    decision: decision.decision,
    reply: decision.reply,
    byMasked: maskOpenid(decision.by),
    at: decision.at.getTime(),
    override: override ? { colour: override.colour, reason: override.reason, expiresAt: override.expiresAt.getTime() } : null,
    annulRecord: annulRecord ? { source: annulRecord.source, recordId: annulRecord.recordId } : null,
    needsApproval: decision.needsApproval,
    approval: approval ? { byMasked: maskOpenid(approval.by), at: approval.at.getTime(), note: approval.note } : null,
  };
}

/** A partner record as staff checking an appeal see it; identity records decide no colour and are left out. */
export function recordView(record: FeedRecordDocument): AppealRecordView | null {
  const { facts } = record;
  const common = { recordId: record.recordId, version: record.version, receivedAt: record.receivedAt.getTime(), annulled: record.annulled !== undefined };
  if (facts.source === 'health') return { ...common, source: 'health', facts: { status: facts.status, effectiveAt: facts.effectiveAt } };
  if (facts.source === 'travel') return { ...common, source: 'travel', facts: { arrivedAt: facts.arrivedAt, fromRegion: facts.fromRegion } };
  return null;
}
