import { z } from 'zod';
import { useAccountCode } from '../shared/account-codes';
import { familyGrantView } from '../shared/domain/family';
import { familyLabel, grantFamilyDisplay } from '../shared/family';
import type { ActionTable } from '../shared/handler';
import { actorOf, REASON } from '../shared/manual-acts';

/**
 * A person without a smartphone has a printed pass; staff let a guardian's account display it, as a family
 * member would after an invitation. The guardian proves the account by showing an account code.
 */
export const guardianActions: Pick<ActionTable<'staff'>, 'linkGuardian'> = {
  linkGuardian: {
    params: z.strictObject({
      passId: z.string().trim().min(1).max(64),
      accountCode: z.string().max(32),
      label: z.string().max(100),
      reason: REASON,
    }),
    allow: ['staff', 'admin'],
    async run(params, context) {
      const { db, caller, config, now } = context;
      const label = familyLabel(params.label);
      const actor = await actorOf(context);
      const { member } = await grantFamilyDisplay(db, now, async (transaction) => ({
        passId: params.passId,
        grantee: (await useAccountCode(transaction, config.oneTimeCodeKey(), params.accountCode, caller.openid, now)).openid,
        label,
        path: { via: 'guardian' },
        actor,
        reason: params.reason,
      }));
      return { grant: familyGrantView(member) };
    },
  },
};
