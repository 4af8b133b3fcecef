import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditEntryView, RoleGrant } from '../../typings/contract';
import { appendAudit } from '../shared/audit';
import { readInTransaction, runAtomically } from '../shared/cloudbase';
import { auditEntry, isOperator, type AuditActor, type AuditEntry } from '../shared/domain/audit';
import {
  INVITATION_LIFETIME_MS,
  invitationDetails,
  invitationReason,
  mayManage,
  revokeDetails,
  revokedDocument,
  type RoleInvitation,
} from '../shared/domain/invitation';
import { maskAuditAccounts } from '../shared/domain/masking';
import { decodePageCursor, encodePageCursor, type PagePosition } from '../shared/domain/page-cursor';
import { AppError } from '../shared/errors';
import type { ActionTable } from '../shared/handler';
import { actorOf, REASON } from '../shared/manual-acts';
import { issueCode } from '../shared/one-time-codes';
import { maskOpenid, type RoleDocument } from '../shared/roles';
import { COLLECTIONS } from '../shared/schema';

/** Turns one account's grants document into the list staff see, one row per role. */
export function grantsOf(document: RoleDocument): RoleGrant[] {
  const account = { accountId: document._id, account: maskOpenid(document._id) };
  const rows: RoleGrant[] = [];
  if (document.guard) {
    rows.push({ ...account, role: 'guard', checkpointId: document.guard.checkpointId, grantedAt: document.guard.grantedAt.getTime() });
  }
  if (document.staff) {
    rows.push({ ...account, role: 'staff', district: document.staff.district, grantedAt: document.staff.grantedAt.getTime() });
  }
  return rows;
}

/** Openids of WeChat accounts are 28 characters; a little room for other platforms' ids. */
const ACCOUNT_ID = z.string().trim().min(1).max(64);

const AUDIT_PAGE_DEFAULT = 50;
const AUDIT_PAGE_MAX = 100;

const BUSY = () => new AppError('CONFLICT', '同一账号的身份正被同时修改，请刷新后重试');

type StoredAuditEntry = AuditEntry<AuditActor> & { _id: string };

function positionOf(cursor: string): PagePosition {
  const position = decodePageCursor(cursor);
  if (!position) throw new AppError('INVALID_REQUEST', '翻页位置（cursor）无效：请使用上一页返回的 nextCursor，或不带 cursor 从第一页重新查询');
  return position;
}

/**
 * An entry as staff read it: the actor's openid masked, times in epoch ms. An operator (a command run with the
 * environment's CAM key) has no openid to mask and no role: the name they gave, said to be one.
 */
function auditEntryView(entry: AuditEntry<AuditActor>): AuditEntryView {
  const { at, actor, action, target, reason, details } = entry;
  const who = isOperator(actor) ? { actorMasked: `运维人员 ${actor.name}（命令行）`, actorRoles: [] } : { actorMasked: maskOpenid(actor.openid), actorRoles: actor.roles };
  return { at: at.getTime(), ...who, action, ...maskAuditAccounts({ target, details }), reason };
}

export const roleActions: Pick<ActionTable<'staff'>, 'roles' | 'createInvitation' | 'revokeRole' | 'auditLog'> = {
  roles: {
    params: z.strictObject({ role: z.enum(['guard', 'staff']).optional() }),
    allow: ['staff', 'admin'],
    async run({ role }, { db }) {
      const collection = db.collection(COLLECTIONS.roles);
      const query = role ? collection.where({ [role]: db.command.exists(true) }) : collection;
      const { data } = await query.limit(100).get();
      const grants = (data as RoleDocument[]).flatMap(grantsOf).filter((grant) => !role || grant.role === role);
      return { grants: grants.sort((a, b) => b.grantedAt - a.grantedAt) };
    },
  },
  createInvitation: {
    params: z.discriminatedUnion('role', [
      z.strictObject({ role: z.literal('guard'), checkpointId: z.string().trim().min(1).max(64), checkpointName: z.string().trim().min(2).max(50) }),
      z.strictObject({ role: z.literal('staff'), district: z.string().trim().min(2).max(50) }),
    ]),
    allow: ['staff', 'admin'],
    async run(request, context) {
      const actor = await actorOf(context);
      if (!mayManage(actor.roles, request.role)) {
        throw new AppError('FORBIDDEN', '工作人员没有邀请工作人员的权限，只能邀请查验员；如需增加工作人员，请联系管理员');
      }
      // The audit log names the invitation by this id, never by the code: whoever reads the log cannot redeem it.
      const invitation: RoleInvitation = { invitationId: randomBytes(12).toString('base64url'), ...request };
      const { db, config, now } = context;
      return runAtomically(
        db,
        async (transaction) => {
          const code = await issueCode(transaction, config.oneTimeCodeKey(), { purpose: 'role', payload: invitation, createdBy: actor.openid, now, lifetimeMs: INVITATION_LIFETIME_MS });
          const target = { kind: 'invitation' as const, id: invitation.invitationId };
          const entry = auditEntry(actor, now, 'invitation.create', target, invitationReason(invitation), invitationDetails(invitation, code.expiresAt));
          await appendAudit(transaction, entry);
          return code;
        },
        BUSY,
      );
    },
  },
  revokeRole: {
    params: z.strictObject({
      accountId: ACCOUNT_ID,
      role: z.enum(['guard', 'staff'], { error: '只能撤销查验员（guard）或工作人员（staff）身份；管理员由部署配置指定，不能在此撤销' }),
      reason: REASON,
    }),
    allow: ['staff', 'admin'],
    async run({ accountId, role, reason }, context) {
      const actor = await actorOf(context);
      if (!mayManage(actor.roles, role)) {
        throw new AppError('FORBIDDEN', '工作人员没有撤销工作人员身份的权限，只能撤销查验员；请联系管理员');
      }
      const { db, now } = context;
      // Revoking a role the account does not hold answers { revoked: false } rather than NOT_FOUND: the wanted
      // state holds, so a retry after a lost answer, or two staff revoking the same guard, is not an error.
      const revoked = await runAtomically(
        db,
        async (transaction) => {
          const grants = await readInTransaction<RoleDocument>(transaction, COLLECTIONS.roles, accountId);
          const grant = grants?.[role];
          if (!grants || !grant) return false;
          const remaining = revokedDocument(grants, role);
          const document = transaction.collection(COLLECTIONS.roles).doc(accountId);
          if (remaining) {
            const { _id, ...fields } = remaining;
            await document.set(fields);
          } else {
            await document.remove();
          }
          const target = { kind: 'account' as const, id: accountId };
          await appendAudit(transaction, auditEntry(actor, now, 'role.revoke', target, reason, revokeDetails(role, grant)));
          return true;
        },
        BUSY,
      );
      return { revoked };
    },
  },
  auditLog: {
    params: z
      .strictObject({
        auditAction: z.string().trim().min(1).max(64).optional(),
        targetId: z.string().trim().min(1).max(128).optional(),
        actorId: ACCOUNT_ID.optional(),
        /** Epoch ms, inclusive. */
        since: z.number().int().nonnegative().optional(),
        /** Epoch ms, exclusive. A time range, not a way to page: entries share milliseconds, so page with `cursor`. */
        until: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
        /** The previous answer's nextCursor; checked in run, where a bad one gets its own message. */
        cursor: z.string().min(1).max(512).optional(),
      })
      .refine(({ since, until }) => since === undefined || until === undefined || since < until, {
        message: '开始时间应早于结束时间',
        path: ['since'],
      }),
    allow: ['staff', 'admin'],
    async run({ auditAction, targetId, actorId, since, until, limit, cursor }, { db }) {
      const _ = db.command;
      const position = cursor === undefined ? undefined : positionOf(cursor);
      const from = since === undefined ? undefined : _.gte(new Date(since));
      const to = until === undefined ? undefined : _.lt(new Date(until));
      const filters = {
        ...(auditAction && { action: auditAction }),
        ...(targetId && { 'target.id': targetId }),
        ...(actorId && { 'actor.openid': actorId }),
        ...((from || to) && { at: from && to ? _.and(from, to) : (from ?? to) }),
      };
      // Strictly after the cursor in (at desc, _id desc): older, or as old with a smaller id.
      const afterCursor = position && _.or([{ at: _.lt(new Date(position.at)) }, { at: new Date(position.at), _id: _.lt(position.id) }]);
      const pageSize = limit ?? AUDIT_PAGE_DEFAULT;
      // One entry more than asked says whether another page exists, so the last page has no nextCursor.
      const { data } = await db
        .collection(COLLECTIONS.audit)
        .where(afterCursor ? _.and([filters, afterCursor]) : filters)
        .orderBy('at', 'desc')
        .orderBy('_id', 'desc')
        .limit(pageSize + 1)
        .get();
      const entries = (data as StoredAuditEntry[]).slice(0, pageSize);
      const last = entries[entries.length - 1];
      return {
        entries: entries.map(auditEntryView),
        ...(data.length > pageSize && { nextCursor: encodePageCursor({ at: last.at.getTime(), id: last._id }) }),
      };
    },
  },
};
