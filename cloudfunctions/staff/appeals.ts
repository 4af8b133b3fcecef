import { z } from 'zod';
import {
  APPEAL_ID,
  appealDetail,
  appealQueue,
  appealText,
  approveAppeal,
  claimAppeal,
  decideAppeal,
  requestAppealInfo,
  type AppealAct,
} from '../shared/appeals';
import { APPEAL_CATEGORIES, APPEAL_STATUSES, appealSummary, DESCRIPTION_LENGTH } from '../shared/domain/appeal';
import { RECORD_ID } from '../shared/domain/feed-records';
import type { ActionContext, ActionTable } from '../shared/handler';
import { actorOf, REASON } from '../shared/manual-acts';

const REPLY = appealText('答复', 5, DESCRIPTION_LENGTH.max);
const COLOUR = z.enum(['green', 'yellow', 'red']);

async function staffAct(context: ActionContext): Promise<AppealAct> {
  return { actor: await actorOf(context), as: 'staff', now: context.now };
}

/** Staff handle appeals: the queue, one appeal in full, claim, ask, decide, approve another's decision. */
export const appealActions: Pick<
  ActionTable<'staff'>,
  'appealQueue' | 'appealGet' | 'appealClaim' | 'appealRequestInfo' | 'appealDecide' | 'appealApprove'
> = {
  appealQueue: {
    params: z.strictObject({
      status: z.enum(APPEAL_STATUSES).optional(),
      category: z.enum(APPEAL_CATEGORIES).optional(),
      olderThanHours: z.number().int().min(0).max(24 * 90).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    }),
    allow: ['staff', 'admin'],
    async run(filter, { db, now }) {
      return { appeals: await appealQueue(db, filter, now) };
    },
  },
  appealGet: {
    params: z.strictObject({ appealId: APPEAL_ID }),
    allow: ['staff', 'admin'],
    async run({ appealId }, { db, now }) {
      return { appeal: await appealDetail(db, appealId, now) };
    },
  },
  appealClaim: {
    params: z.strictObject({ appealId: APPEAL_ID }),
    allow: ['staff', 'admin'],
    async run({ appealId }, context) {
      return { appeal: appealSummary(await claimAppeal(context.db, appealId, await staffAct(context)), context.now) };
    },
  },
  appealRequestInfo: {
    params: z.strictObject({ appealId: APPEAL_ID, question: appealText('问题', 5, 300) }),
    allow: ['staff', 'admin'],
    async run({ appealId, question }, context) {
      return { appeal: appealSummary(await requestAppealInfo(context.db, appealId, question, await staffAct(context)), context.now) };
    },
  },
  appealDecide: {
    params: z.union([
      z.strictObject({
        appealId: APPEAL_ID,
        reply: REPLY,
        decision: z.literal('accept'),
        override: z.strictObject({ colour: COLOUR, reason: REASON, expiresAt: z.number().int().nonnegative() }),
      }),
      z.strictObject({
        appealId: APPEAL_ID,
        reply: REPLY,
        decision: z.literal('accept'),
        annulRecord: z.strictObject({ source: z.enum(['health', 'travel']), recordId: RECORD_ID }),
      }),
      z.strictObject({ appealId: APPEAL_ID, reply: REPLY, decision: z.literal('reject') }),
    ]),
    allow: ['staff', 'admin'],
    async run({ appealId, ...decision }, context) {
      return { appeal: appealSummary(await decideAppeal(context.db, appealId, decision, await staffAct(context)), context.now) };
    },
  },
  appealApprove: {
    params: z.strictObject({ appealId: APPEAL_ID, approve: z.boolean(), note: REASON }),
    allow: ['staff', 'admin'],
    async run({ appealId, approve, note }, context) {
      return { appeal: appealSummary(await approveAppeal(context.db, appealId, { approve, note }, await staffAct(context)), context.now) };
    },
  },
};
