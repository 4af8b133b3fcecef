import type { CodeView } from '../../typings/contract';
import type { Database } from './cloudbase';
import { refreshIfDue } from './colour-refresh';
import type { FamilyCircleDocument } from './domain/family';
import type { PassDocument } from './domain/pass';
import { encodeToken, tokenUrl, type TokenClaims } from './domain/token';
import { AppError } from './errors';
import type { ActionContext } from './handler';
import { passById, photoUrl } from './passes';
import { COLLECTIONS } from './schema';

/**
 * A fresh phone code for `pass`: signed claims with the colour the pass has now. No I/O unless the stored
 * colour is due to change by time (refreshIfDue), so a caller that has read the pass pays nothing more.
 * A cancelled pass has no code: a guard must never be shown one as valid.
 */
export async function issueCode(context: Pick<ActionContext, 'db' | 'now' | 'config'>, pass: PassDocument): Promise<CodeView> {
  const { db, now, config } = context;
  if (pass.status !== 'active') {
    throw new AppError('INVALID_STATE', '这张通行证已注销，不能出示通行码。如有疑问，请携带身份证到社区咨询');
  }
  const live = await refreshIfDue(db, pass, now);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const claims: TokenClaims = {
    passRef: live._id,
    issuedAt,
    expiresAt: issuedAt + config.codeLifetimeSeconds(),
    colour: live.colour.colour,
    kind: 'code',
  };
  const token = encodeToken(claims, config.tokenKeys().signing);
  return {
    token,
    url: tokenUrl(config.codeUrlPrefix, token),
    issuedAt: claims.issuedAt * 1000,
    expiresAt: claims.expiresAt * 1000,
    serverTime: now.getTime(),
    colour: live.colour.colour,
    reasons: live.colour.reasons,
    nameMasked: live.nameMasked,
    // A kept temporary URL (clients may not read storage directly); a storage call only when it is due.
    photo: await photoUrl(live, context),
    status: live.status,
  };
}

const GRANT_NOT_FOUND = () => new AppError('NOT_FOUND', '没有找到这位家人的出示授权，可能已被取消。请刷新家人列表后再试');

/**
 * The pass that family grant `grantId` lets `grantee` display: its family document by the indexed member
 * query, then the pass. Anyone else's grant id, a revoked grant, or a pass the grantee now holds itself
 * (it shows its own code) is NOT_FOUND, exactly as an unknown id.
 */
export async function passDisplayedBy(db: Database, grantee: string, grantId: string): Promise<PassDocument> {
  const circles = await db.collection(COLLECTIONS.familyGrants).where({ 'members.openid': grantee, 'members.grantId': grantId }).limit(1).get();
  const circle = (circles.data as FamilyCircleDocument[])[0];
  // The query matches the two fields in any members: the grant must be this grantee's own.
  if (!circle?.members.some((member) => member.grantId === grantId && member.openid === grantee)) throw GRANT_NOT_FOUND();
  const pass = await passById(db, circle._id);
  if (!pass || pass.openid === grantee) throw GRANT_NOT_FOUND();
  return pass;
}
