import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppealCategory, AppealDetail, AppealOverride, AppealRecordRef, AppealStatus, AppealSummary, Colour } from '../../typings/contract';
import { appendAudit } from './audit';
import { cloudbase, readInTransaction, runAtomically, type Database, type Transaction } from './cloudbase';
import { storeColour } from './colour-store';
import {
  afterStep,
  appealSummary,
  CATEGORY_WORDS,
  decisionView,
  IMAGE_SNIFF_BYTES,
  imageLabel,
  imagePathProblem,
  isOpen,
  MAX_APPEAL_IMAGE_BYTES,
  MAX_APPEAL_IMAGES,
  messageView,
  needsSecondApproval,
  nextStep,
  OPEN_STATUSES,
  overrideProblem,
  recordView,
  sniffImage,
  type AppealActor,
  type AppealDecisionRecord,
  type AppealDocument,
  type AppealMessageRecord,
  type AppealStep,
  type AppealStepKind,
} from './domain/appeal';
import { auditEntry, type Actor, type AuditAction, type AuditDetails } from './domain/audit';
import { colourFromFacts, passColour } from './domain/colour-change';
import { emptyFacts, withoutRecord, type FactsDocument } from './domain/facts';
import { recordDocumentId, type FeedRecordDocument } from './domain/feed-records';
import { appealNotice, type AppealNoticeKind } from './domain/notification';
import { staffPassView, type ColourOverride, type PassDocument } from './domain/pass';
import { AppError, refuseIf } from './errors';
import { containsIdNumberLike } from './manual-acts';
import { heldPass, passById } from './passes';
import { maskOpenid } from './roles';
import { COLLECTIONS } from './schema';

/** Appeal ids are 22 base64url characters; a little room, nothing more. */
export const APPEAL_ID = z.string().trim().min(1).max(64);

/** Free text kept in clear on an appeal: within bounds, and never an ID number. */
export function appealText(label: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, `${label}至少 ${min} 个字`)
    .max(max, `${label}最多 ${max} 个字`)
    .refine((text) => !containsIdNumberLike(text), `${label}中请勿填写身份证号码等证件号码`);
}

/** Cloud fileIDs of images the mini-program uploaded; what they hold is checked by checkAppealImages. */
export const APPEAL_IMAGES = z
  .array(z.string().max(512))
  .max(MAX_APPEAL_IMAGES, `最多上传 ${MAX_APPEAL_IMAGES} 张图片`)
  .refine((images) => new Set(images).size === images.length, '同一张图片上传了两次');

/** Who takes a step on an appeal, on which side (the function called), and when. */
export interface AppealAct {
  actor: Actor;
  as: AppealActor['role'];
  now: Date;
}

/** The `appeal_locks` document: the pass's open appeal. */
interface AppealLock {
  _id: string;
  appealId: string;
  createdAt: Date;
}

const BUSY = () => new AppError('CONFLICT', '该申诉正在被同时处理，请刷新后重试');
const notFound = () => new AppError('NOT_FOUND', '找不到该申诉，请刷新后重试');

// --- images -------------------------------------------------------------------------------------------

/** The first bytes of a file, without downloading the rest where storage honours a range (COS does). */
async function firstBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { headers: { Range: `bytes=0-${IMAGE_SNIFF_BYTES - 1}` } });
  if (!response.ok || !response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const head: number[] = [];
  while (head.length < IMAGE_SNIFF_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(...value.subarray(0, IMAGE_SNIFF_BYTES - head.length));
  }
  await reader.cancel();
  return Uint8Array.from(head);
}

/**
 * Each image must lie in the caller's appeal folder, exist, be at most 5 MB, and be a JPEG or PNG by its
 * first bytes (a text file named .jpg is not); otherwise INVALID_REQUEST naming the image.
 */
export async function checkAppealImages(openid: string, fileIDs: readonly string[]): Promise<void> {
  if (fileIDs.length === 0) return;
  const refuse = (index: number, problem: string) => new AppError('INVALID_REQUEST', `${imageLabel(fileIDs[index], index)}${problem}，请重新上传`);
  fileIDs.forEach((fileID, index) => {
    const problem = imagePathProblem(fileID, openid);
    if (problem) throw refuse(index, problem);
  });
  const { fileList } = await cloudbase().getFileInfo({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: 60 })) });
  for (const [index, info] of fileList.entries()) {
    if (info.code === 'FETCH_FILE_INFO_ERROR') throw new AppError('UNAVAILABLE', '暂时无法读取上传的图片，请稍后重试');
    if (info.code !== 'SUCCESS') throw refuse(index, '不存在');
    if ((info.size ?? 0) > MAX_APPEAL_IMAGE_BYTES) throw refuse(index, `超过 ${MAX_APPEAL_IMAGE_BYTES / 1024 / 1024} MB`);
    if (!sniffImage(await firstBytes(info.tempFileURL))) throw refuse(index, '不是 JPG 或 PNG 图片');
  }
}

/** Temporary URLs (10 minutes) of the given files, by fileID; a file gone from storage has none. */
async function temporaryUrls(fileIDs: readonly string[]): Promise<Map<string, string>> {
  if (fileIDs.length === 0) return new Map();
  const { fileList } = await cloudbase().getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: 600 })) });
  return new Map(fileList.filter((file) => file.code === 'SUCCESS').map((file) => [file.fileID, file.tempFileURL]));
}

// --- resident -----------------------------------------------------------------------------------------

export interface AppealRequest {
  category: AppealCategory;
  description: string;
  images: string[];
}

/**
 * An appeal against the caller's own colour. At most one open appeal per pass, held by the database: the
 * pass's lock document is added in the same transaction as the appeal, so of two submissions at once one
 * wins and the other reads the winner's lock and is refused.
 */
export async function submitAppeal(db: Database, request: AppealRequest, act: AppealAct): Promise<AppealDocument> {
  const { actor, now } = act;
  const held = await heldPass(db, actor.openid, '再提出申诉');
  if (held.status !== 'active') throw new AppError('INVALID_STATE', '您的通行证已注销，无法申诉；请到社区办理');
  await checkAppealImages(actor.openid, request.images);
  const appealId = randomBytes(16).toString('base64url');
  return runAtomically(
    db,
    async (transaction) => {
      const pass = await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, held._id);
      if (pass?.openid !== actor.openid || pass.status !== 'active') throw new AppError('CONFLICT', '您的通行证刚刚发生了变化，请刷新后重试');
      const lock = await readInTransaction<AppealLock>(transaction, COLLECTIONS.appealLocks, pass._id);
      if (lock) throw new AppError('LIMIT_REACHED', '您已有一件正在处理的申诉，请等待处理结果，或撤回后重新提交', lock.appealId);
      const appeal: AppealDocument = {
        _id: appealId,
        passId: pass._id,
        openid: actor.openid,
        nameMasked: pass.nameMasked,
        category: request.category,
        status: 'submitted',
        colourAtSubmit: pass.colour.colour,
        messages: [{ at: now, from: 'resident', kind: 'description', text: request.description, images: request.images }],
        claim: null,
        decision: null,
        staffNotes: [],
        createdAt: now,
        updatedAt: now,
        firstResponseAt: null,
        decidedAt: null,
        closedAt: null,
      };
      await transaction.collection(COLLECTIONS.appealLocks).add({ _id: pass._id, appealId, createdAt: now });
      await transaction.collection(COLLECTIONS.appeals).add(appeal);
      const details = { passId: pass._id, colour: pass.colour.colour, images: request.images.length };
      await appendAudit(transaction, auditEntry(actor, now, 'appeal.submit', { kind: 'appeal', id: appealId }, CATEGORY_WORDS[request.category], details));
      return appeal;
    },
    BUSY,
  );
}

/** The caller's appeals, newest first. */
export async function appealsOf(db: Database, openid: string): Promise<AppealDocument[]> {
  const { data } = await db.collection(COLLECTIONS.appeals).where({ openid }).orderBy('createdAt', 'desc').limit(20).get();
  return data as AppealDocument[];
}

// --- steps --------------------------------------------------------------------------------------------

const STEP_AUDIT: Readonly<Record<AppealStepKind, AuditAction>> = {
  claim: 'appeal.claim',
  requestInfo: 'appeal.requestInfo',
  addInfo: 'appeal.addInfo',
  withdraw: 'appeal.withdraw',
  decide: 'appeal.decide',
  approve: 'appeal.approve',
};

/** What a step does besides moving the appeal on, planned once the appeal is read in the transaction. */
interface StepPlan {
  /** The step as finally taken, when reading told more (whether a decision needs approval). */
  step?: AppealStep;
  changes?: Partial<Pick<AppealDocument, 'messages' | 'decision' | 'staffNotes'>>;
  /** For the audit entry. */
  reason: string;
  details?: AuditDetails;
  notice?: { kind: AppealNoticeKind; body: string };
}

function allowed(appeal: AppealDocument, step: AppealStep, actor: AppealActor, now: Date) {
  const outcome = nextStep(appeal, step, actor, now);
  if (!outcome.ok) throw new AppError(outcome.refusal.code, outcome.refusal.message);
  return outcome;
}

/**
 * Reads the appeal, asks the state machine, lets `plan` make the step's other writes, then stores the
 * appeal, its lock (released when it closes), the audit entry and the resident's notice, all in ONE
 * transaction. Of two staff acting at once, the second re-reads what the first stored and is refused.
 */
async function takeStep(
  db: Database,
  appealId: string,
  act: AppealAct,
  step: AppealStep,
  plan: (appeal: AppealDocument, transaction: Transaction) => Promise<StepPlan>,
): Promise<AppealDocument> {
  const { now } = act;
  const actor: AppealActor = { role: act.as, openid: act.actor.openid };
  return runAtomically(
    db,
    async (transaction) => {
      const appeal = await readInTransaction<AppealDocument>(transaction, COLLECTIONS.appeals, appealId);
      if (!appeal) throw notFound();
      allowed(appeal, step, actor, now);
      const planned = await plan(appeal, transaction);
      const taken = planned.step ?? step;
      const updated: AppealDocument = { ...afterStep(appeal, allowed(appeal, taken, actor, now), actor, now), ...planned.changes };
      const { _id, ...fields } = updated;
      await transaction.collection(COLLECTIONS.appeals).doc(_id).set(fields);
      if (isOpen(appeal.status) && !isOpen(updated.status)) await transaction.collection(COLLECTIONS.appealLocks).doc(appeal.passId).remove();
      const details = { from: appeal.status, to: updated.status, ...planned.details };
      await appendAudit(transaction, auditEntry(act.actor, now, STEP_AUDIT[taken.kind], { kind: 'appeal', id: _id }, planned.reason, details));
      // The first step staff take tells the resident their appeal was received, unless it says more itself.
      const received = actor.role === 'staff' && appeal.firstResponseAt === null ? { kind: 'appealReceived' as const, body: '工作人员已开始核实您反映的情况，请留意后续通知' } : undefined;
      const notice = planned.notice ?? received;
      if (notice) await transaction.collection(COLLECTIONS.notifications).add(appealNotice(appeal.openid, notice.kind, notice.body, now));
      return updated;
    },
    BUSY,
  );
}

function message(from: AppealMessageRecord['from'], kind: AppealMessageRecord['kind'], text: string, now: Date, images: string[] = []): AppealMessageRecord {
  return { at: now, from, kind, text, images };
}

/** The resident answers staff's request for more information; the appeal goes back to whoever asked. */
export async function addAppealInfo(db: Database, appealId: string, answer: { text: string; images: string[] }, act: AppealAct): Promise<AppealDocument> {
  await checkAppealImages(act.actor.openid, answer.images);
  return takeStep(db, appealId, act, { kind: 'addInfo' }, async (appeal) => ({
    changes: { messages: [...appeal.messages, message('resident', 'answer', answer.text, act.now, answer.images)] },
    reason: '居民补充材料',
    details: { images: answer.images.length },
  }));
}

export function withdrawAppeal(db: Database, appealId: string, act: AppealAct): Promise<AppealDocument> {
  return takeStep(db, appealId, act, { kind: 'withdraw' }, async () => ({ reason: '居民撤回申诉' }));
}

export function claimAppeal(db: Database, appealId: string, act: AppealAct): Promise<AppealDocument> {
  return takeStep(db, appealId, act, { kind: 'claim' }, async () => ({ reason: '认领申诉' }));
}

export function requestAppealInfo(db: Database, appealId: string, question: string, act: AppealAct): Promise<AppealDocument> {
  return takeStep(db, appealId, act, { kind: 'requestInfo' }, async (appeal) => ({
    changes: { messages: [...appeal.messages, message('staff', 'question', question, act.now)] },
    reason: question,
    notice: { kind: 'appealRequest', body: question },
  }));
}

/** The pass an appeal is about and the person's facts, read in the transaction that changes them. */
interface RemedyTarget {
  pass: PassDocument;
  facts: FactsDocument;
}

async function remedyTarget(transaction: Transaction, appeal: AppealDocument, now: Date): Promise<RemedyTarget> {
  const pass = await readInTransaction<PassDocument>(transaction, COLLECTIONS.passes, appeal.passId);
  if (pass?.status !== 'active') throw new AppError('INVALID_STATE', '该通行证已注销，无需改变颜色；请驳回申诉并说明');
  const facts = (await readInTransaction<FactsDocument>(transaction, COLLECTIONS.facts, pass.personKey)) ?? emptyFacts(pass.personKey, now);
  return { pass, facts };
}

/** The partner record to annul: the person's own, of a source that decides colours, still in force. */
async function annullable(transaction: Transaction, target: RemedyTarget, ref: AppealRecordRef): Promise<FeedRecordDocument> {
  const record = await readInTransaction<FeedRecordDocument>(transaction, COLLECTIONS.feedRecords, recordDocumentId(ref.source, ref.recordId));
  if (record?.personKey !== target.pass.personKey) throw new AppError('NOT_FOUND', '该居民没有这条数据记录，请刷新后重新选择');
  if (record.annulled) throw new AppError('INVALID_STATE', '该记录已被撤销');
  const inForce = ref.source === 'health' ? target.facts.health : target.facts.arrivals;
  if (!Object.hasOwn(inForce, ref.recordId)) throw new AppError('INVALID_STATE', '该记录已不再影响通行码颜色，无需撤销');
  return record;
}

/**
 * Carries out an accepted decision in the caller's transaction: lays the override on the pass, or annuls
 * the record (marked on the record, removed from the facts: a replay of the same version stays a duplicate,
 * a newer version counts again), then recomputes the colour with its history entry and notice.
 */
async function applyRemedy(db: Database, transaction: Transaction, appeal: AppealDocument, decision: AppealDecisionRecord, target: RemedyTarget, act: AppealAct): Promise<void> {
  const { now, actor } = act;
  const { pass, facts } = target;
  if (decision.override) {
    const override: ColourOverride = { ...decision.override, appealId: appeal._id, by: decision.by, at: now, over: colourFromFacts(facts, now, pass.colour).colour };
    const overridden = { ...pass, override };
    await transaction.collection(COLLECTIONS.passes).doc(pass._id).update({ override: db.command.set(override) });
    await storeColour(transaction, overridden, passColour(facts, now, overridden), 'override', now);
    const details = { appealId: appeal._id, from: pass.colour.colour, colour: override.colour, expiresAt: override.expiresAt.getTime(), decidedBy: decision.by };
    await appendAudit(transaction, auditEntry(actor, now, 'colour.override', { kind: 'pass', id: pass._id }, override.reason, details));
  }
  if (decision.annulRecord) {
    const { source, recordId, version } = decision.annulRecord;
    const recordKey = recordDocumentId(source, recordId);
    await transaction.collection(COLLECTIONS.feedRecords).doc(recordKey).update({ annulled: db.command.set({ at: now, by: decision.by, appealId: appeal._id }) });
    const remaining = withoutRecord(facts, source, recordId, now);
    const { _id: personKey, ...fields } = remaining;
    await transaction.collection(COLLECTIONS.facts).doc(personKey).set(fields);
    await storeColour(transaction, pass, passColour(remaining, now, pass), 'override', now);
    const details = { appealId: appeal._id, passId: pass._id, version, decidedBy: decision.by };
    await appendAudit(transaction, auditEntry(actor, now, 'record.annul', { kind: 'feedRecord', id: recordKey }, decision.reply, details));
  }
}

export type AppealDecisionRequest = { reply: string } & (
  | { decision: 'reject' }
  | { decision: 'accept'; override: AppealOverride }
  | { decision: 'accept'; annulRecord: AppealRecordRef }
);

function outcomeNotice(decision: AppealDecisionRecord): StepPlan['notice'] {
  return { kind: 'appealOutcome', body: `${decision.decision === 'accept' ? '申诉已通过' : '申诉未通过'}：${decision.reply}` };
}

/**
 * Accepts or rejects. An acceptance that would turn a red pass green waits for a second staff member
 * (awaitingApproval) and changes nothing yet; any other acceptance takes effect in the same transaction.
 */
export function decideAppeal(db: Database, appealId: string, request: AppealDecisionRequest, act: AppealAct): Promise<AppealDocument> {
  const { now, actor } = act;
  const checked: AppealStep = { kind: 'decide', decision: request.decision, needsApproval: false };
  return takeStep(db, appealId, act, checked, async (appeal, transaction) => {
    const decision: AppealDecisionRecord = {
      decision: request.decision,
      reply: request.reply,
      by: actor.openid,
      at: now,
      override: null,
      annulRecord: null,
      needsApproval: false,
      approval: null,
    };
    const final = (): StepPlan => ({
      changes: { decision, messages: [...appeal.messages, message('staff', 'reply', request.reply, now)] },
      reason: request.reply,
      details: { decision: request.decision },
      notice: outcomeNotice(decision),
    });
    if (request.decision === 'reject') return final();

    const target = await remedyTarget(transaction, appeal, now);
    const current = target.pass.colour.colour;
    let resulting: Colour;
    if ('override' in request) {
      refuseIf(overrideProblem(request.override, current, now));
      decision.override = { colour: request.override.colour, reason: request.override.reason, expiresAt: new Date(request.override.expiresAt) };
      resulting = request.override.colour;
    } else {
      const record = await annullable(transaction, target, request.annulRecord);
      decision.annulRecord = { ...request.annulRecord, version: record.version };
      resulting = passColour(withoutRecord(target.facts, request.annulRecord.source, record.recordId, now), now, target.pass).colour;
    }
    decision.needsApproval = needsSecondApproval(current, resulting);
    const step: AppealStep = { ...checked, needsApproval: decision.needsApproval };
    if (decision.needsApproval) return { step, changes: { decision }, reason: request.reply, details: { decision: 'accept', needsApproval: true } };
    await applyRemedy(db, transaction, appeal, decision, target, act);
    return { ...final(), step };
  });
}

/** Why an accepted decision can no longer be carried out as decided, or null (checked when it is approved). */
async function staleDecision(transaction: Transaction, target: RemedyTarget, decision: AppealDecisionRecord, now: Date): Promise<string | null> {
  if (decision.override) {
    if (decision.override.expiresAt.getTime() <= now.getTime()) return '复核颜色的有效期已过';
    if (decision.override.colour === target.pass.colour.colour) return '通行码已是复核颜色';
  }
  if (decision.annulRecord) {
    const record = await annullable(transaction, target, decision.annulRecord);
    if (record.version !== decision.annulRecord.version) return '该记录在决定后已更新';
  }
  return null;
}

/**
 * A second staff member approves (the decision takes effect now) or declines (the appeal goes back to the
 * decider, with the note). The decider cannot approve their own decision.
 */
export function approveAppeal(db: Database, appealId: string, request: { approve: boolean; note: string }, act: AppealAct): Promise<AppealDocument> {
  const { now, actor } = act;
  return takeStep(db, appealId, act, { kind: 'approve', approve: request.approve }, async (appeal, transaction) => {
    const { decision } = appeal;
    if (!decision) throw new AppError('INVALID_STATE', '该申诉没有待审批的决定');
    const details = { approve: request.approve, decidedBy: decision.by };
    if (!request.approve) {
      const staffNotes = [...appeal.staffNotes, { at: now, by: actor.openid, text: `审批未通过：${request.note}` }];
      return { changes: { decision: null, staffNotes }, reason: request.note, details };
    }
    const target = await remedyTarget(transaction, appeal, now);
    const stale = await staleDecision(transaction, target, decision, now);
    if (stale) throw new AppError('INVALID_STATE', `${stale}，请不予批准，由处理人重新决定`);
    await applyRemedy(db, transaction, appeal, decision, target, act);
    const approved = { ...decision, approval: { by: actor.openid, at: now, note: request.note } };
    return {
      changes: { decision: approved, messages: [...appeal.messages, message('staff', 'reply', decision.reply, now)] },
      reason: request.note,
      details,
      notice: outcomeNotice(decision),
    };
  });
}

// --- staff views --------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;

export interface QueueFilter {
  status?: AppealStatus;
  category?: AppealCategory;
  olderThanHours?: number;
  limit?: number;
}

/** Appeals oldest first (open ones unless a status is asked for), each flagged when overdue. */
export async function appealQueue(db: Database, filter: QueueFilter, now: Date): Promise<AppealSummary[]> {
  const _ = db.command;
  const where: Record<string, unknown> = { status: filter.status ?? _.in([...OPEN_STATUSES]) };
  if (filter.category) where.category = filter.category;
  if (filter.olderThanHours !== undefined) where.createdAt = _.lte(new Date(now.getTime() - filter.olderThanHours * HOUR_MS));
  const { data } = await db.collection(COLLECTIONS.appeals).where(where).orderBy('createdAt', 'asc').limit(filter.limit ?? 50).get();
  return (data as AppealDocument[]).map((appeal) => appealSummary(appeal, now));
}

/** Everything staff need to decide: the pass, the records behind its colour, the messages with their images. */
export async function appealDetail(db: Database, appealId: string, now: Date): Promise<AppealDetail> {
  const appeal = ((await db.collection(COLLECTIONS.appeals).doc(appealId).get()).data as AppealDocument[])[0];
  if (!appeal) throw notFound();
  const pass = await passById(db, appeal.passId);
  if (!pass) throw new AppError('NOT_FOUND', '找不到该申诉对应的通行证');
  const { data } = await db.collection(COLLECTIONS.feedRecords).where({ personKey: pass.personKey }).limit(100).get();
  const urls = await temporaryUrls(appeal.messages.flatMap((item) => item.images));
  return {
    ...appealSummary(appeal, now),
    pass: staffPassView(pass),
    messages: appeal.messages.map((item) => ({ ...messageView(item), imageUrls: item.images.map((fileID) => urls.get(fileID) ?? '') })),
    records: (data as FeedRecordDocument[]).flatMap((record) => recordView(record) ?? []),
    decision: appeal.decision && decisionView(appeal.decision),
    staffNotes: appeal.staffNotes.map((note) => ({ at: note.at.getTime(), byMasked: maskOpenid(note.by), text: note.text })),
  };
}
