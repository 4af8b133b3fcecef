import { z } from 'zod';
import { appendAudit } from './audit';
import { isDuplicateWrite, readInTransaction, runAtomically, type Database } from './cloudbase';
import { auditEntry, type Actor } from './domain/audit';
import { followUpIdOf, reportedColour, type FollowUpDocument } from './domain/follow-up';
import type { PassDocument } from './domain/pass';
import { AppError } from './errors';
import { containsIdNumberLike } from './manual-acts';
import { scanOf } from './scans';
import { COLLECTIONS } from './schema';

const NO_ID_NUMBERS = '请勿填写身份证号码等证件号码';

/** What the guard adds to a report (optional): kept in clear, so never an ID number. */
export const REPORT_NOTE = z
  .string()
  .trim()
  .max(200, '备注最多 200 个字')
  .refine((text) => !containsIdNumberLike(text), `备注中${NO_ID_NUMBERS}`);

/** What staff did about a follow-up, as they close it: kept in the audit log. */
export const CLOSING_NOTE = z
  .string()
  .trim()
  .min(2, '请填写处理情况（至少 2 个字），例如"已电话联系，居家健康监测"')
  .max(200, '处理情况最多 200 个字')
  .refine((text) => !containsIdNumberLike(text), `处理情况中${NO_ID_NUMBERS}，写明如何处理即可`);

export interface FollowUpReport {
  guard: string;
  post: { checkpointId: string; checkpointName: string };
  scanId: string;
  note: string;
  now: Date;
}

/**
 * Puts the person of one of the guard's own yellow or red scans on the follow-up list, at the guard's post.
 * Idempotent: the follow-up's id comes from the scan, so a second report (a double tap, a retry after a lost
 * answer) finds the first and changes nothing.
 */
export async function reportFollowUp(db: Database, report: FollowUpReport): Promise<string> {
  const scan = await scanOf(db, report.guard, report.scanId);
  if (!scan) throw new AppError('NOT_FOUND', '没有找到这次扫码记录。离线扫码请等手机联网、记录上传后再上报');
  const colour = reportedColour(scan.verdict);
  if (!colour || scan.passRef === null) {
    throw new AppError('INVALID_STATE', '只有黄码、红码需要上报社区跟进，这次扫码的结果不需要上报');
  }
  const { data } = await db.collection(COLLECTIONS.passes).doc(scan.passRef).field({ nameMasked: true }).get();
  const pass = (data as Array<Pick<PassDocument, 'nameMasked'>>)[0];
  if (!pass) throw new AppError('NOT_FOUND', '没有找到这位持码人的通行证，无法上报。请持码人到社区核实');
  const followUp: FollowUpDocument = {
    _id: followUpIdOf(scan._id),
    status: 'open',
    createdAt: report.now,
    scan: scan._id,
    passRef: scan.passRef,
    checkpointId: report.post.checkpointId,
    checkpointName: report.post.checkpointName,
    colour,
    nameMasked: pass.nameMasked,
    reportedBy: report.guard,
    note: report.note,
    closedAt: null,
    closedBy: null,
    closingNote: null,
  };
  try {
    await db.collection(COLLECTIONS.followUps).add(followUp);
  } catch (error) {
    if (!isDuplicateWrite(error)) throw error;
  }
  return followUp._id;
}

/** Enough for a community office's day; the open list is a queue, worked from its oldest end. */
const FOLLOW_UPS_LISTED = 100;

/** Open follow-ups oldest first (the longest waiting on top); closed ones most recently closed first. */
export async function listFollowUps(db: Database, status: FollowUpDocument['status']): Promise<FollowUpDocument[]> {
  const query = db.collection(COLLECTIONS.followUps).where({ status });
  const ordered = status === 'open' ? query.orderBy('createdAt', 'asc') : query.orderBy('closedAt', 'desc');
  const { data } = await ordered.limit(FOLLOW_UPS_LISTED).get();
  return data as FollowUpDocument[];
}

/** Closes a follow-up with what was done, the change and its audit entry stored together. Closing twice is refused. */
export function closeFollowUp(db: Database, closing: { followUpId: string; note: string; actor: Actor; now: Date }): Promise<FollowUpDocument> {
  const { followUpId, note, actor, now } = closing;
  return runAtomically(
    db,
    async (transaction) => {
      const followUp = await readInTransaction<FollowUpDocument>(transaction, COLLECTIONS.followUps, followUpId);
      if (!followUp) throw new AppError('NOT_FOUND', '没有找到这条跟进事项，请刷新列表后再试');
      if (followUp.status === 'closed') throw new AppError('INVALID_STATE', '这条跟进事项已经处理完毕，无需再次关闭');
      const closed = { status: 'closed' as const, closedAt: now, closedBy: actor.openid, closingNote: note };
      await transaction.collection(COLLECTIONS.followUps).doc(followUpId).update(closed);
      const details = { colour: followUp.colour, checkpointId: followUp.checkpointId };
      await appendAudit(transaction, auditEntry(actor, now, 'followUp.close', { kind: 'followUp', id: followUpId }, note, details));
      return { ...followUp, ...closed };
    },
    () => new AppError('CONFLICT', '这条跟进事项正在被其他人处理，请刷新列表后查看'),
  );
}
