import { z } from 'zod';
import { chinaDate } from '../shared/domain/china-date';
import { parseIdNumber } from '../shared/domain/id-number';
import { staffPassView } from '../shared/domain/pass';
import { parsePersonName } from '../shared/domain/person-name';
import { AppError } from '../shared/errors';
import type { ActionContext, ActionTable } from '../shared/handler';
import { actorOf, REASON } from '../shared/manual-acts';
import { cancelPass, findPassByIdNumber, issuePrintedPass, reprintCard, restorePass, transferPass, type StaffAct } from '../shared/printed-passes';

// Generous bounds, as for applications: the domain parsers give the precise, human messages.
const NAME = z.string().max(100);
const ID_NUMBER = z.string().max(64);
/** Pass ids are 22 base64url characters; a little room, nothing more. */
export const PASS_ID = z.string().trim().min(1).max(64);
const ACCOUNT_CODE = z.string().trim().min(1).max(32);

export async function staffAct(context: ActionContext, reason: string): Promise<StaffAct> {
  return { actor: await actorOf(context), now: context.now, reason };
}

/** The ID number as a person typed it, normalised, or ID_INVALID saying which part is wrong. */
function idNumberOf(raw: string, now: Date): string {
  const idNumber = parseIdNumber(raw, chinaDate(now));
  if (!idNumber.ok) throw new AppError('ID_INVALID', idNumber.message, idNumber.problem);
  return idNumber.value;
}

/** Printed passes for people without a smartphone, cancelling and restoring, moving passes between accounts, looking people up. */
export const printedPassActions: Pick<
  ActionTable<'staff'>,
  'findPass' | 'issuePrintedPass' | 'reprintCard' | 'cancelPass' | 'restorePass' | 'movePassToAccount' | 'rebindPass'
> = {
  findPass: {
    params: z.strictObject({ idNumber: ID_NUMBER, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ idNumber, reason }, context) {
      const pass = await findPassByIdNumber(context.db, context.config.idProtector(), idNumberOf(idNumber, context.now), await staffAct(context, reason));
      return { pass: pass ? staffPassView(pass) : null };
    },
  },
  issuePrintedPass: {
    params: z.strictObject({ name: NAME, idNumber: ID_NUMBER, reason: REASON }),
    allow: ['staff', 'admin'],
    async run(params, context) {
      const name = parsePersonName(params.name);
      if (!name.ok) throw new AppError('NAME_INVALID', name.message);
      const idNumber = idNumberOf(params.idNumber, context.now);
      const request = { ...(await staffAct(context, params.reason)), name: name.value, idNumber };
      return { pass: staffPassView(await issuePrintedPass(context.db, context.config.idProtector(), request)) };
    },
  },
  reprintCard: {
    params: z.strictObject({ passId: PASS_ID, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, reason }, context) {
      return { pass: staffPassView(await reprintCard(context.db, passId, await staffAct(context, reason))) };
    },
  },
  cancelPass: {
    params: z.strictObject({ passId: PASS_ID, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, reason }, context) {
      return { pass: staffPassView(await cancelPass(context.db, passId, await staffAct(context, reason))) };
    },
  },
  restorePass: {
    params: z.strictObject({ passId: PASS_ID, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, reason }, context) {
      return { pass: staffPassView(await restorePass(context.db, passId, await staffAct(context, reason))) };
    },
  },
  movePassToAccount: {
    params: z.strictObject({ passId: PASS_ID, accountCode: ACCOUNT_CODE, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, accountCode, reason }, context) {
      return { pass: staffPassView(await transferPass(context.db, context.config.oneTimeCodeKey(), 'move', passId, accountCode, await staffAct(context, reason))) };
    },
  },
  rebindPass: {
    params: z.strictObject({ passId: PASS_ID, accountCode: ACCOUNT_CODE, reason: REASON }),
    allow: ['staff', 'admin'],
    async run({ passId, accountCode, reason }, context) {
      return { pass: staffPassView(await transferPass(context.db, context.config.oneTimeCodeKey(), 'rebind', passId, accountCode, await staffAct(context, reason))) };
    },
  },
};
