import { z } from 'zod';
import { issueAccountCode } from '../shared/account-codes';
import type { ActionTable } from '../shared/handler';

export const accountCodeActions: Pick<ActionTable<'resident'>, 'accountCode'> = {
  accountCode: {
    params: z.strictObject({}),
    allow: ['resident'],
    run(_params, { db, caller, config, now }) {
      return issueAccountCode(db, config.oneTimeCodeKey(), caller.openid, now);
    },
  },
};
