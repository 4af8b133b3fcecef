import { z } from 'zod';
import { issueCode, passDisplayedBy } from '../shared/codes';
import type { ActionTable } from '../shared/handler';
import { heldPass } from '../shared/passes';

/** Show my code: the signed, short-lived token the QR carries, for the caller's pass or a family member's. */
export const codeActions: Pick<ActionTable<'resident'>, 'code' | 'familyCode'> = {
  code: {
    params: z.strictObject({}),
    allow: ['resident'],
    // One read on the critical path (the pass by its indexed openid); signing is CPU only.
    async run(_params, context) {
      return issueCode(context, await heldPass(context.db, context.caller.openid, '再出示通行码'));
    },
  },
  familyCode: {
    params: z.strictObject({ grantId: z.string().min(1).max(64) }),
    allow: ['resident'],
    async run({ grantId }, context) {
      return issueCode(context, await passDisplayedBy(context.db, context.caller.openid, grantId));
    },
  },
};
