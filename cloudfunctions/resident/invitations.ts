import { z } from 'zod';
import { appendAudit } from '../shared/audit';
import { readInTransaction, runAtomically } from '../shared/cloudbase';
import { auditEntry } from '../shared/domain/audit';
import { grantDetails, grantedDocument, type RoleInvitation } from '../shared/domain/invitation';
import type { RateLimit } from '../shared/domain/rate-limit';
import { AppError } from '../shared/errors';
import type { ActionTable } from '../shared/handler';
import { actorOf } from '../shared/manual-acts';
import { redeemCode } from '../shared/one-time-codes';
import { assertWithinLimit, recordAttempt } from '../shared/rate-limit';
import { rolesOf, type RoleDocument } from '../shared/roles';
import { COLLECTIONS } from '../shared/schema';

/** 10 refused codes a day per account: with 31^8 possible codes, guessing a live one is hopeless. */
export const INVITATION_GUESS_LIMIT: RateLimit = { scope: 'invitation', max: 10, windowMs: 24 * 3_600_000 };

const BUSY = () => new AppError('CONFLICT', '邀请码正被同时使用，请稍后再试');

export const invitationActions: Pick<ActionTable<'resident'>, 'redeemInvitation'> = {
  redeemInvitation: {
    // Generous bound: redeemCode gives the precise, human message about the code's form.
    params: z.strictObject({ code: z.string().max(32) }),
    allow: ['resident'],
    async run({ code }, context) {
      const { db, caller, config, now } = context;
      await assertWithinLimit(db, INVITATION_GUESS_LIMIT, caller.openid, now);
      const actor = await actorOf(context);
      try {
        // The code is marked used, the role granted and the grant audited in one transaction: a code grants
        // exactly one role to exactly one account, however many redeem it at once.
        const granted = await runAtomically(
          db,
          async (transaction) => {
            const redeemed = await redeemCode<RoleInvitation>(transaction, config.oneTimeCodeKey(), code, 'role', caller.openid, now);
            const existing = await readInTransaction<RoleDocument>(transaction, COLLECTIONS.roles, caller.openid);
            const redemption = { openid: caller.openid, invitation: redeemed.payload, invitedBy: redeemed.createdBy, now };
            const { _id, ...fields } = grantedDocument(existing, redemption);
            await transaction.collection(COLLECTIONS.roles).doc(caller.openid).set(fields);
            const target = { kind: 'account' as const, id: caller.openid };
            await appendAudit(transaction, auditEntry(actor, now, 'role.grant', target, '兑换邀请码', grantDetails(existing, redemption)));
            return fields;
          },
          BUSY,
        );
        return { roles: rolesOf(caller.openid, { _id: caller.openid, ...granted }, config.adminOpenids) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'CODE_INVALID') await recordAttempt(db, INVITATION_GUESS_LIMIT, caller.openid, now);
        throw error;
      }
    },
  },
};
