import { z } from 'zod';
import { addAppealInfo, APPEAL_ID, APPEAL_IMAGES, appealsOf, appealText, submitAppeal, withdrawAppeal, type AppealAct } from '../shared/appeals';
import { APPEAL_CATEGORIES, appealView, DESCRIPTION_LENGTH } from '../shared/domain/appeal';
import type { ActionContext, ActionTable } from '../shared/handler';
import { actorOf } from '../shared/manual-acts';

async function residentAct(context: ActionContext): Promise<AppealAct> {
  return { actor: await actorOf(context), as: 'resident', now: context.now };
}

/** 我要申诉: a resident appeals against their own colour, answers staff's questions, or withdraws. */
export const appealActions: Pick<ActionTable<'resident'>, 'appealSubmit' | 'appealMine' | 'appealAddInfo' | 'appealWithdraw'> = {
  appealSubmit: {
    params: z.strictObject({
      category: z.enum(APPEAL_CATEGORIES),
      description: appealText('申诉说明', DESCRIPTION_LENGTH.min, DESCRIPTION_LENGTH.max),
      images: APPEAL_IMAGES,
    }),
    allow: ['resident'],
    async run(params, context) {
      return { appeal: appealView(await submitAppeal(context.db, params, await residentAct(context))) };
    },
  },
  appealMine: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, { db, caller }) {
      return { appeals: (await appealsOf(db, caller.openid)).map(appealView) };
    },
  },
  appealAddInfo: {
    params: z.strictObject({ appealId: APPEAL_ID, text: appealText('补充说明', 2, DESCRIPTION_LENGTH.max), images: APPEAL_IMAGES.optional() }),
    allow: ['resident'],
    async run({ appealId, text, images = [] }, context) {
      return { appeal: appealView(await addAppealInfo(context.db, appealId, { text, images }, await residentAct(context))) };
    },
  },
  appealWithdraw: {
    params: z.strictObject({ appealId: APPEAL_ID }),
    allow: ['resident'],
    async run({ appealId }, context) {
      return { appeal: appealView(await withdrawAppeal(context.db, appealId, await residentAct(context))) };
    },
  },
};
