import type { ErrorCode, FamilyGrantView, FamilyPassView } from '../../../typings/contract';
import { maskOpenid } from '../roles';
import type { AuditDetails } from './audit';
import { passView, type PassDocument } from './pass';
import { actStateOfPass, staffActProblem, type Refusal } from './printed-pass';

/**
 * Family display (随申码 guide, question 17): a family member's phone may show someone's code beside its own.
 * The pass keeps its one owner and at most one account; a grant only lets another account display it.
 */

/** Family members per pass: enough for a household, few enough that the owner keeps track of who can show it. */
export const FAMILY_LIMIT = 5;

/** A family invitation is handed over the same day; after a day the owner simply invites again. */
export const FAMILY_INVITATION_LIFETIME_MS = 24 * 3_600_000;

export const LABEL_MAX_LENGTH = 10;

/** How a family member came to display the pass: the owner's invitation, or staff linking a guardian to a printed pass. */
export type GrantPath = { via: 'invitation'; invitedBy: string } | { via: 'guardian' };

export interface FamilyMember {
  /** Opaque id the owner revokes by; it says nothing about the family member's account. */
  grantId: string;
  openid: string;
  label: string;
  grantedAt: Date;
  /** The owner who invited, or the staff member who linked a guardian. */
  grantedBy: string;
  via: GrantPath['via'];
}

/**
 * The `family_grants` document of one pass (document id = pass id). All members of a pass live in one
 * document, so that a transaction reading it sees every grant and two accepts cannot both pass the limit.
 */
export interface FamilyCircleDocument {
  _id: string;
  members: FamilyMember[];
  updatedAt: Date;
}

/** What the document holds besides its id: `doc(passId).set()` takes this. */
export type FamilyCircleBody = Omit<FamilyCircleDocument, '_id'>;

/** The payload of a one-time code of purpose 'family'; the code's creator is the inviting owner. */
export interface FamilyInvitation {
  passId: string;
  label: string;
}

export type ParsedLabel = { ok: true; value: string } | { ok: false; /** zh-CN, says what to fix. */ message: string };

/** Letters of any script (with their marks), digits, spaces and the middle dot of minority names. */
const LABEL_CHARACTERS = /^[\p{L}\p{M}\p{N} ·]+$/u;

/** How the owner names the family member (妈妈, 爷爷, Grandma): NFKC, trimmed, spaces collapsed, 1 to 10 characters. */
export function parseFamilyLabel(raw: string): ParsedLabel {
  const value = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (value === '') return { ok: false, message: '请填写对这位家人的称呼，例如“妈妈”' };
  if ([...value].length > LABEL_MAX_LENGTH) return { ok: false, message: `称呼最多 ${LABEL_MAX_LENGTH} 个字，请写得简短些，例如“妈妈”` };
  if (!LABEL_CHARACTERS.test(value)) return { ok: false, message: '称呼只能包含文字、数字和空格，例如“妈妈”' };
  return { ok: true, value };
}

export type FamilyDecision = { kind: 'grant'; pass: PassDocument } | ({ kind: 'refuse' } & Refusal);

function refuse(code: ErrorCode, message: string): FamilyDecision {
  return { kind: 'refuse', code, message };
}

const refuseWith = (refusal: Refusal): FamilyDecision => refuse(refusal.code, refusal.message);

const CANCELLED: Refusal = { code: 'INVALID_STATE', message: '这张通行证已注销，不能再授权家人出示' };
const FULL: Refusal = { code: 'LIMIT_REACHED', message: `每张通行证最多授权 ${FAMILY_LIMIT} 位家人出示，请持证人先取消不再需要的授权` };

/** Why the owner cannot invite one more family member now, or null; acceptance checks again, in its transaction. */
export function invitationProblem(pass: PassDocument, circle: FamilyCircleDocument | undefined): Refusal | null {
  if (pass.status !== 'active') return CANCELLED;
  if ((circle?.members.length ?? 0) >= FAMILY_LIMIT) return FULL;
  return null;
}

/**
 * Whether `grantee` may be added to the pass's family members. Pure: the caller reads the pass and its
 * circle inside the transaction that stores the grant, so the limit holds however many accept at once.
 */
export function decideFamilyGrant(
  state: { pass: PassDocument | undefined; circle: FamilyCircleDocument | undefined },
  grantee: string,
  path: GrantPath,
): FamilyDecision {
  const { pass, circle } = state;
  const byInvitation = path.via === 'invitation';
  if (!pass) return byInvitation ? refuse('CODE_INVALID', '该邀请已失效，请向家人重新索取') : refuse('NOT_FOUND', '没有找到这张通行证，请核对后重试');
  // An invitation speaks for the account that held the pass when it was made: after a rebind it is void.
  if (byInvitation && pass.openid !== path.invitedBy) return refuse('CODE_INVALID', '邀请人已不再持有这张通行证，该邀请已失效，请向家人重新索取');
  if (pass.status !== 'active') return refuseWith(CANCELLED);
  // Linking a guardian is one of staff's acts on a pass: the staff-passes page offers it where this allows it.
  const guardianProblem = byInvitation ? null : staffActProblem(actStateOfPass(pass), 'guardian');
  if (guardianProblem) return refuseWith(guardianProblem);
  if (pass.openid === grantee) return refuse('INVALID_STATE', '这是您本人的通行证，不能接受自己发出的邀请；请把邀请码交给家人，在家人的微信上输入');
  const members = circle?.members ?? [];
  if (members.some((member) => member.openid === grantee)) {
    return refuse('INVALID_STATE', byInvitation ? '您已经可以出示这位家人的通行证，无需再次接受邀请' : '该微信号已经可以出示这张通行证');
  }
  if (members.length >= FAMILY_LIMIT) return refuseWith(FULL);
  return { kind: 'grant', pass };
}

export function withMember(circle: FamilyCircleDocument | undefined, member: FamilyMember, now: Date): FamilyCircleBody {
  return { members: [...(circle?.members ?? []), member], updatedAt: now };
}

export function withoutMember(circle: FamilyCircleDocument, grantId: string, now: Date): FamilyCircleBody {
  return { members: circle.members.filter((member) => member.grantId !== grantId), updatedAt: now };
}

/** The owner's view of one grant: the family member's account only ever masked. */
export function familyGrantView(member: FamilyMember): FamilyGrantView {
  return { grantId: member.grantId, label: member.label, accountMasked: maskOpenid(member.openid), grantedAt: member.grantedAt.getTime() };
}

export function familyPassView(pass: PassDocument, member: FamilyMember, photoUrl: string | null): FamilyPassView {
  return { ...passView(pass, photoUrl), grantId: member.grantId, label: member.label };
}

/**
 * The passes `grantee` may display, oldest grant first. Cancelled passes are left out (a guard must not be
 * shown a cancelled code as someone's), and so is a pass the grantee has since come to hold itself.
 */
export function displayablePasses(circles: readonly FamilyCircleDocument[], passes: readonly PassDocument[], grantee: string): FamilyPassView[] {
  const byId = new Map(passes.map((pass) => [pass._id, pass]));
  return circles
    .flatMap((circle) => {
      const pass = byId.get(circle._id);
      const member = circle.members.find((candidate) => candidate.openid === grantee);
      return pass && member && pass.status === 'active' && pass.openid !== grantee ? [{ pass, member }] : [];
    })
    .sort((a, b) => a.member.grantedAt.getTime() - b.member.grantedAt.getTime())
    .map(({ pass, member }) => familyPassView(pass, member, null));
}

/** Audit details of a grant or a revocation: which grant and which account, masked like every openid shown to staff. Never the label: it may be a name. */
export function memberDetails(member: FamilyMember): AuditDetails {
  return { grantId: member.grantId, grantee: maskOpenid(member.openid), via: member.via, grantedBy: maskOpenid(member.grantedBy) };
}
