import { z } from 'zod';
import { issueCode, passDisplayedBy } from '../shared/codes';
import { AppError } from '../shared/errors';
import type { ActionTable } from '../shared/handler';
import { passOfAccount } from '../shared/passes';

/** Show my code: the signed, short-lived token the QR carries, for the caller's pass or a family member's. */
export const codeActions: Pick<ActionTable<'resident'>, 'code' | 'familyCode'> = {
  code: {
    params: z.strictObject({}),
    allow: ['resident'],
    // One read on the critical path (the pass by its indexed openid); signing is CPU only.
    async run(_params, context) {
      const pass = await passOfAccount(context.db, context.caller.openid);
      if (!pass) throw new AppError('NO_PASS', '您还没有申领通行证。请先用本人的姓名和身份证号码申领，再出示通行码');
      return issueCode(context, pass);
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
