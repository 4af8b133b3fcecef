import { z } from 'zod';
import { followUpView } from '../shared/domain/follow-up';
import { CLOSING_NOTE, closeFollowUp, listFollowUps } from '../shared/follow-ups';
import type { ActionTable } from '../shared/handler';
import { actorOf } from '../shared/manual-acts';

/** The community follow-up list of yellow and red people that guards reported. */
export const followUpActions: Pick<ActionTable<'staff'>, 'followUps' | 'closeFollowUp'> = {
  followUps: {
    params: z.strictObject({ status: z.enum(['open', 'closed']).optional() }),
    allow: ['staff', 'admin'],
    async run({ status }, { db }) {
      const followUps = await listFollowUps(db, status ?? 'open');
      return { followUps: followUps.map(followUpView) };
    },
  },
  closeFollowUp: {
    params: z.strictObject({ followUpId: z.string().min(1).max(64), note: CLOSING_NOTE }),
    allow: ['staff', 'admin'],
    async run({ followUpId, note }, context) {
      const followUp = await closeFollowUp(context.db, { followUpId, note, actor: await actorOf(context), now: context.now });
      return { followUp: followUpView(followUp) };
    },
  },
};
