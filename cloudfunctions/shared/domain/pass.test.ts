import { passDocument } from '../../../test/support/pass-document';
import { decideApplication, REVEALING_REFUSALS, storedColour, type PassDocument } from './pass';

const now = new Date('2026-11-27T02:00:00Z');

const pass = (overrides: Partial<PassDocument>) => passDocument(overrides, now);

const applicant = { openid: 'o-owner', name: '张三', personKey: 'person-1' };

describe('decideApplication: one pass per account, one per person', () => {
  test('nothing on file: create', () => {
    expect(decideApplication({ accountPass: undefined, personPass: undefined }, applicant)).toEqual({ kind: 'create' });
  });

  test("the account already holds this person's pass: answer it (idempotent)", () => {
    const held = pass({});
    expect(decideApplication({ accountPass: held, personPass: held }, applicant)).toEqual({ kind: 'existing', pass: held });
    expect(decideApplication({ accountPass: undefined, personPass: held }, applicant)).toEqual({ kind: 'existing', pass: held });
  });

  test("the account holds someone else's pass: refused, whatever the person's state", () => {
    const decision = decideApplication({ accountPass: pass({ personKey: 'person-2' }), personPass: undefined }, applicant);
    expect(decision).toMatchObject({ kind: 'refuse', code: 'ACCOUNT_HAS_PASS' });
  });

  test("the person's pass is on another account: refused with what to do", () => {
    const decision = decideApplication({ accountPass: undefined, personPass: pass({ openid: 'o-other' }) }, applicant);
    expect(decision).toMatchObject({ kind: 'refuse', code: 'ID_BOUND_TO_OTHER_ACCOUNT', message: expect.stringContaining('社区') });
  });

  test('an imported old pass with the same name is carried over; another name is refused', () => {
    const imported = pass({ openid: null, origin: 'migrated' });
    expect(decideApplication({ accountPass: undefined, personPass: imported }, applicant)).toEqual({ kind: 'carryOver', pass: imported });
    expect(decideApplication({ accountPass: undefined, personPass: imported }, { ...applicant, name: '张四' })).toMatchObject({
      kind: 'refuse',
      code: 'NAME_INVALID',
    });
  });

  test('a printed pass issued by staff is moved by staff, not by applying', () => {
    const printed = pass({ openid: null, origin: 'staff' });
    expect(decideApplication({ accountPass: undefined, personPass: printed }, applicant)).toMatchObject({ kind: 'refuse', code: 'ID_HAS_PRINTED_PASS' });
    const cancelledImport = pass({ openid: null, origin: 'migrated', status: 'cancelled' });
    expect(decideApplication({ accountPass: undefined, personPass: cancelledImport }, applicant)).toMatchObject({ kind: 'refuse' });
  });

  test.each([
    ['a printed pass', pass({ openid: null, origin: 'staff', status: 'cancelled', card: null })],
    ['an imported pass nobody claimed', pass({ openid: null, origin: 'migrated', status: 'cancelled', card: null })],
  ])('%s that staff cancelled: told it is cancelled and where to restore it, not that it is a printed pass', (_label, cancelled) => {
    const decision = decideApplication({ accountPass: undefined, personPass: cancelled }, applicant);
    expect(decision).toEqual({
      kind: 'refuse',
      code: 'ID_HAS_PRINTED_PASS',
      message: '您的通行证已被注销。如需恢复，请携带身份证到社区办理，恢复后可由工作人员转到您的微信号上。',
    });
    // It tells about this ID number's pass as much as the other refusals do: rate limited like them.
    expect(decision.kind === 'refuse' && REVEALING_REFUSALS.has(decision.code)).toBe(true);
  });
});

describe('storedColour', () => {
  const outcome = (colour: 'green' | 'yellow', nextChangeAt: string | null) => ({
    colour,
    reasons: [{ code: 'X', zh: '原因', en: 'reason' }],
    ruleSet: { id: 'rules', version: 2 },
    nextChangeAt,
  });

  test('keeps `since` while the colour stays, resets it when the colour changes', () => {
    const earlier = new Date('2026-11-01T00:00:00Z');
    const previous = storedColour(outcome('yellow', null), earlier);
    expect(storedColour(outcome('yellow', null), now, previous).since).toEqual(earlier);
    expect(storedColour(outcome('green', null), now, previous).since).toEqual(now);
  });

  test('stores the next change as a Date and the reasons as plain data', () => {
    const stored = storedColour(outcome('yellow', '2026-12-01T00:00:00.000Z'), now);
    expect(stored).toEqual({
      colour: 'yellow',
      reasons: [{ code: 'X', zh: '原因', en: 'reason' }],
      ruleSet: { id: 'rules', version: 2 },
      since: now,
      nextChangeAt: new Date('2026-12-01T00:00:00.000Z'),
      evaluatedAt: now,
    });
  });
});
