import { z } from 'zod';
import { refuseIf } from '../shared/errors';
import {
  FAMILY_INVITATION_LIFETIME_MS,
  familyGrantView,
  familyPassView,
  invitationProblem,
  type FamilyInvitation,
} from '../shared/domain/family';
import type { PassDocument } from '../shared/domain/pass';
import { circleOf, familyLabel, grantFamilyDisplay, passesDisplayableBy, revokeFamilyGrant } from '../shared/family';
import type { ActionTable } from '../shared/handler';
import { actorOf } from '../shared/manual-acts';
import { issueCode, redeemCode } from '../shared/one-time-codes';
import { heldPass } from '../shared/passes';
import type { Database } from '../shared/cloudbase';

/** The caller's own pass: only someone with a pass has a code to let family display. */
const ownPass = (db: Database, openid: string): Promise<PassDocument> => heldPass(db, openid, '再邀请家人出示');

/** Family display (随申码 guide, question 17): the owner invites, the family member's account accepts. */
export const familyActions: Pick<ActionTable<'resident'>, 'familyInvite' | 'familyAccept' | 'familyGrants' | 'familyRevoke' | 'familyPasses'> = {
  familyInvite: {
    // A generous bound: parseFamilyLabel gives the precise, human message.
    params: z.strictObject({ label: z.string().max(100) }),
    allow: ['resident'],
    async run(params, { db, caller, config, now }) {
      const label = familyLabel(params.label);
      const pass = await ownPass(db, caller.openid);
      const problem = invitationProblem(pass, await circleOf(db, pass._id));
      refuseIf(problem);
      return issueCode<FamilyInvitation>(db, config.oneTimeCodeKey(), {
        purpose: 'family',
        payload: { passId: pass._id, label },
        createdBy: caller.openid,
        now,
        lifetimeMs: FAMILY_INVITATION_LIFETIME_MS,
      });
    },
  },
  familyAccept: {
    params: z.strictObject({ code: z.string().max(32) }),
    allow: ['resident'],
    async run({ code }, context) {
      const { db, caller, config, now } = context;
      const actor = await actorOf(context);
      const { pass, member } = await grantFamilyDisplay(db, now, async (transaction) => {
        const invitation = await redeemCode<FamilyInvitation>(transaction, config.oneTimeCodeKey(), code, 'family', caller.openid, now);
        return {
          passId: invitation.payload.passId,
          grantee: caller.openid,
          label: invitation.payload.label,
          path: { via: 'invitation', invitedBy: invitation.createdBy },
          actor,
          reason: '家人接受持证人的出示邀请',
        };
      });
      return { pass: familyPassView(pass, member, null) };
    },
  },
  familyGrants: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, { db, caller }) {
      const pass = await ownPass(db, caller.openid);
      const circle = await circleOf(db, pass._id);
      return { grants: (circle?.members ?? []).map(familyGrantView) };
    },
  },
  familyRevoke: {
    params: z.strictObject({ grantId: z.string().min(1).max(64) }),
    allow: ['resident'],
    async run({ grantId }, context) {
      const owner = await actorOf(context);
      await revokeFamilyGrant(context.db, { grantId, owner, now: context.now });
      return { revoked: true };
    },
  },
  familyPasses: {
    params: z.strictObject({}),
    allow: ['resident'],
    async run(_params, { db, caller }) {
      return { passes: await passesDisplayableBy(db, caller.openid) };
    },
  },
};
