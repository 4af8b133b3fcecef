import { z } from 'zod';
import { printCard } from '../shared/cards';
import type { ActionTable } from '../shared/handler';
import { REASON } from '../shared/manual-acts';
import { PASS_ID, staffAct } from './printed-passes';

/** The printable card of a staff-issued pass. */
export const cardActions: Pick<ActionTable<'staff'>, 'printCard'> = {
  printCard: {
    params: z.strictObject({ passId: PASS_ID, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, reason }, context) {
      const { config } = context;
      const settings = { keys: config.tokenKeys(), urlPrefix: config.codeUrlPrefix, lifetimeDays: config.cardLifetimeDays() };
      return printCard(context.db, passId, await staffAct(context, reason), settings);
    },
  },
};
