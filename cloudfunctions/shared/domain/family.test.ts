import fc from 'fast-check';
import {
  decideFamilyGrant,
  displayablePasses,
  FAMILY_LIMIT,
  familyGrantView,
  invitationProblem,
  memberDetails,
  parseFamilyLabel,
  withMember,
  withoutMember,
  type FamilyCircleDocument,
  type FamilyMember,
  type GrantPath,
} from './family';
import type { PassDocument } from './pass';
import { passDocument } from '../../../test/support/pass-document';

const now = new Date('2026-11-27T02:00:00Z');
const OWNER = 'oOwner0000000000000000000001';
const GRANTEE = 'oGrantee00000000000000000001';

function pass(overrides: Partial<PassDocument> = {}): PassDocument {
  return passDocument({ openid: OWNER, name: '王秀英', nameMasked: '王*英', ...overrides }, now);
}

function member(index: number, overrides: Partial<FamilyMember> = {}): FamilyMember {
  return {
    grantId: `grant-${index}`,
    openid: `oMember${index}`.padEnd(28, '0'),
    label: `家人${index}`,
    grantedAt: new Date(now.getTime() + index),
    grantedBy: OWNER,
    via: 'invitation',
    ...overrides,
  };
}

function circle(count: number, passId = 'pass-1'): FamilyCircleDocument {
  return { _id: passId, members: Array.from({ length: count }, (_, index) => member(index)), updatedAt: now };
}

const byInvitation: GrantPath = { via: 'invitation', invitedBy: OWNER };
const byGuardian: GrantPath = { via: 'guardian' };

describe('parseFamilyLabel', () => {
  test.each([
    ['妈妈', '妈妈'],
    ['  外 婆 ', '外 婆'],
    ['Grandma', 'Grandma'],
    ['ＡＢＣ', 'ABC'],
    ['二姨\u3000妈', '二姨 妈'],
    ['一二三四五六七八九十', '一二三四五六七八九十'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
  ])('%j becomes %j', (raw, value) => {
    expect(parseFamilyLabel(raw)).toEqual({ ok: true, value });
  });

  test.each([
    ['', '请填写'],
    ['   ', '请填写'],
    ['一二三四五六七八九十一', '最多 10 个字'],
    ['<b>妈</b>', '只能包含'],
    ['妈妈\u200b', '只能包含'],
    ['😀', '只能包含'],
  ])('%j is refused with a message saying what to fix', (raw, hint) => {
    const parsed = parseFamilyLabel(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(hint);
  });
});

describe('parseFamilyLabel on any input', () => {
  test('answers a label of 1 to 10 letters, digits, spaces or dots with no edge spaces, stable when parsed again, or a message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (raw) => {
        const parsed = parseFamilyLabel(raw);
        if (!parsed.ok) return parsed.message.length > 0;
        const length = [...parsed.value].length;
        return (
          length >= 1 &&
          length <= 10 &&
          /^[\p{L}\p{M}\p{N} ·]+$/u.test(parsed.value) &&
          parsed.value === parsed.value.trim() &&
          !parsed.value.includes('  ') &&
          JSON.stringify(parseFamilyLabel(parsed.value)) === JSON.stringify(parsed)
        );
      }),
    );
  });
});

describe('decideFamilyGrant', () => {
  test('an active pass of the inviter with room: grant', () => {
    const held = pass();
    expect(decideFamilyGrant({ pass: held, circle: circle(FAMILY_LIMIT - 1) }, GRANTEE, byInvitation)).toEqual({ kind: 'grant', pass: held });
  });

  test('a printed pass with room: grant to a guardian', () => {
    const printed = pass({ openid: null, origin: 'staff', card: { serial: 1, printedAt: now } });
    expect(decideFamilyGrant({ pass: printed, circle: undefined }, GRANTEE, byGuardian)).toEqual({ kind: 'grant', pass: printed });
  });

  test.each<[string, string, PassDocument | undefined, FamilyCircleDocument | undefined, string, GrantPath]>([
    ['no such pass, by invitation', 'CODE_INVALID', undefined, undefined, GRANTEE, byInvitation],
    ['no such pass, for a guardian', 'NOT_FOUND', undefined, undefined, GRANTEE, byGuardian],
    ['the inviter no longer holds the pass (rebound since)', 'CODE_INVALID', pass({ openid: 'oSomeoneElse' }), undefined, GRANTEE, byInvitation],
    ['a guardian for a pass an account holds', 'INVALID_STATE', pass(), undefined, GRANTEE, byGuardian],
    ['a cancelled pass', 'INVALID_STATE', pass({ status: 'cancelled' }), undefined, GRANTEE, byInvitation],
    ['the owner accepting their own invitation', 'INVALID_STATE', pass(), undefined, OWNER, byInvitation],
    ['an account that may already display it', 'INVALID_STATE', pass(), circle(2), member(1).openid, byInvitation],
    ['a full family', 'LIMIT_REACHED', pass(), circle(FAMILY_LIMIT), GRANTEE, byInvitation],
  ])('%s: refused with %s', (_label, code, held, members, grantee, path) => {
    const decision = decideFamilyGrant({ pass: held, circle: members }, grantee, path);
    expect(decision).toMatchObject({ kind: 'refuse', code, message: expect.any(String) });
  });
});

describe('invitationProblem', () => {
  test('an active pass with room can invite', () => {
    expect(invitationProblem(pass(), circle(FAMILY_LIMIT - 1))).toBeNull();
  });
  test('a cancelled pass or a full family cannot', () => {
    expect(invitationProblem(pass({ status: 'cancelled' }), undefined)).toMatchObject({ code: 'INVALID_STATE' });
    expect(invitationProblem(pass(), circle(FAMILY_LIMIT))).toMatchObject({ code: 'LIMIT_REACHED' });
  });
});

describe('members', () => {
  test('withMember appends, withoutMember removes only the named grant', () => {
    const later = new Date(now.getTime() + 60_000);
    const added = withMember(circle(2), member(9), later);
    expect(added.members.map((m) => m.grantId)).toEqual(['grant-0', 'grant-1', 'grant-9']);
    expect(added.updatedAt).toBe(later);
    expect(withMember(undefined, member(9), later).members).toEqual([member(9)]);
    expect(withoutMember({ _id: 'pass-1', ...added }, 'grant-1', later).members.map((m) => m.grantId)).toEqual(['grant-0', 'grant-9']);
  });

  test("the owner sees the family member's account masked", () => {
    const view = familyGrantView(member(3));
    expect(view).toEqual({ grantId: 'grant-3', label: '家人3', accountMasked: 'oMem…0000', grantedAt: member(3).grantedAt.getTime() });
  });

  test('audit details name the grant and mask both accounts, never the label', () => {
    const details = memberDetails(member(4));
    expect(details).toEqual({ grantId: 'grant-4', grantee: 'oMem…0000', via: 'invitation', grantedBy: 'oOwn…0001' });
    expect(Object.values(details)).not.toContain('家人4');
  });
});

describe('displayablePasses', () => {
  const grantee = member(1).openid;

  test("lists each active pass the grantee may display with the owner's masked name and the label, oldest grant first", () => {
    const first = pass({ _id: 'pass-a', nameMasked: '李*' });
    const second = pass({ _id: 'pass-b', openid: null });
    const circles: FamilyCircleDocument[] = [
      { _id: 'pass-b', members: [member(1, { label: '外公', grantedAt: new Date(now.getTime() + 5) })], updatedAt: now },
      { _id: 'pass-a', members: [member(0), member(1, { label: '妈妈' })], updatedAt: now },
    ];
    const views = displayablePasses(circles, [first, second], grantee);
    expect(views.map((view) => [view.passId, view.nameMasked, view.label, view.photoUrl])).toEqual([
      ['pass-a', '李*', '妈妈', null],
      ['pass-b', '王*英', '外公', null],
    ]);
  });

  test('leaves out cancelled passes, passes the grantee now holds itself, and passes that are gone', () => {
    const circles: FamilyCircleDocument[] = ['pass-c', 'pass-d', 'pass-e'].map((passId) => ({ ...circle(2, passId) }));
    const passes = [pass({ _id: 'pass-c', status: 'cancelled' }), pass({ _id: 'pass-d', openid: grantee })];
    expect(displayablePasses(circles, passes, grantee)).toEqual([]);
  });
});
