import { z } from 'zod';
import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { appealImageFolder } from '../shared/domain/appeal';
import { OUT_SEQ_NO } from '../shared/domain/face-verification';
import { REVEALING_REFUSALS, passView } from '../shared/domain/pass';
import { assertFaceVerified } from '../shared/face-verifications';
import type { RateLimit } from '../shared/domain/rate-limit';
import { refreshIfDue } from '../shared/colour-refresh';
import { historyView, type ColourHistoryDocument } from '../shared/domain/colour-change';
import { applyForPass, heldPass, photoUrl } from '../shared/passes';
import { COLLECTIONS } from '../shared/schema';
import { assertWithinLimit, recordAttempt } from '../shared/rate-limit';
import { accountCodeActions } from './account-code';
import { APPLICANT, parseApplicant } from './applicant';
import { appealActions } from './appeals';
import { checkInActions } from './check-in';
import { codeActions } from './code';
import { faceVerificationActions } from './face-verification';
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
    params: z.strictObject({ ...APPLICANT, faceVerification: z.string().regex(OUT_SEQ_NO).optional() }),
    allow: ['resident'],
    async run(params, { db, caller, config, now }) {
      const cert = parseApplicant(params, now);
      await assertWithinLimit(db, APPLY_PROBE_LIMIT, caller.openid, now);
      const verifier = config.faceVerifier();
      if (verifier) {
        await assertFaceVerified(db, verifier, config.idProtector(), { openid: caller.openid, cert, now, verification: params.faceVerification });
      }
      const outcome = await applyForPass(db, config.idProtector(), { openid: caller.openid, ...cert, now });
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
      return passView(pass, await photoUrl(pass, { db, now }));
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
export const residentActions: ActionTable<'resident'> = { ...passActions, ...codeActions, ...invitationActions, ...accountCodeActions, ...familyActions, ...appealActions, ...checkInActions, ...faceVerificationActions };

export const createResident = (platform: Platform) => callableFunction('resident', residentActions, platform);
export const main = createResident(cloudPlatform);
