import { z } from 'zod';
import { AppError } from '../shared/errors';
import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { appealImageFolder } from '../shared/domain/appeal';
import { chinaDate } from '../shared/domain/china-date';
import { parseIdNumber } from '../shared/domain/id-number';
import { REVEALING_REFUSALS, passView } from '../shared/domain/pass';
import { parsePersonName } from '../shared/domain/person-name';
import type { RateLimit } from '../shared/domain/rate-limit';
import { refreshIfDue } from '../shared/colour-refresh';
import { historyView, type ColourHistoryDocument } from '../shared/domain/colour-change';
import { applyForPass, heldPass, photoUrl } from '../shared/passes';
import { COLLECTIONS } from '../shared/schema';
import { assertWithinLimit, recordAttempt } from '../shared/rate-limit';
import { accountCodeActions } from './account-code';
import { appealActions } from './appeals';
import { checkInActions } from './check-in';
import { codeActions } from './code';
import { familyActions } from './family';
import { invitationActions } from './invitations';

/** Refusals that reveal something about another person's pass: 5 a day per account, against ID-number probing. */
export const APPLY_PROBE_LIMIT: RateLimit = { scope: 'apply', max: 5, windowMs: 24 * 3_600_000 };

/** Applying for and showing one's own pass. */
const passActions: Pick<ActionTable<'resident'>, 'session' | 'apply' | 'myPass' | 'colourHistory'> = {
  session: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, context) {
      return { roles: await context.roles(), serverTime: context.now.getTime(), appealUploadFolder: appealImageFolder(context.caller.openid) };
    },
  },
  apply: {
    // Generous bounds: the domain parsers give the precise, human messages.
    params: z.strictObject({ name: z.string().max(100), idNumber: z.string().max(64) }),
    allow: ['resident'],
    async run(params, { db, caller, config, now }) {
      const name = parsePersonName(params.name);
      if (!name.ok) throw new AppError('NAME_INVALID', name.message);
      const idNumber = parseIdNumber(params.idNumber, chinaDate(now));
      if (!idNumber.ok) throw new AppError('ID_INVALID', idNumber.message, idNumber.problem);

      await assertWithinLimit(db, APPLY_PROBE_LIMIT, caller.openid, now);
      const outcome = await applyForPass(db, config.idProtector(), { openid: caller.openid, name: name.value, idNumber: idNumber.value, now });
      if ('refused' in outcome) {
        if (REVEALING_REFUSALS.has(outcome.refused.code)) await recordAttempt(db, APPLY_PROBE_LIMIT, caller.openid, now);
        throw outcome.refused;
      }
      return outcome;
    },
  },
  myPass: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, { db, caller, now }) {
      const held = await heldPass(db, caller.openid);
      // One read; a second round trip only when time alone has changed the colour since it was stored.
      const pass = await refreshIfDue(db, held, now);
      return passView(pass, await photoUrl(pass));
    },
  },
  colourHistory: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, { db, caller }) {
      const pass = await heldPass(db, caller.openid);
      const { data } = await db.collection(COLLECTIONS.colourHistory).where({ passId: pass._id }).orderBy('at', 'desc').limit(100).get();
      return { entries: (data as ColourHistoryDocument[]).map(historyView) };
    },
  },
};

/** Actions of residents: every WeChat account may call them. One module per area. */
export const residentActions: ActionTable<'resident'> = { ...passActions, ...codeActions, ...invitationActions, ...accountCodeActions, ...familyActions, ...appealActions, ...checkInActions };

export const createResident = (platform: Platform) => callableFunction('resident', residentActions, platform);
export const main = createResident(cloudPlatform);
