import { passDocument } from '../../../test/support/pass-document';
import { decideFamilyGrant } from './family';
import { decideApplication, staffPassView, type PassDocument } from './pass';
import {
  actStateOfPass,
  actStateOfView,
  cardForAct,
  decidePrintedIssue,
  firstCard,
  nextCard,
  rebindRaceProblem,
  restoredCard,
  restoreProblem,
  STAFF_PASS_ACTS,
  staffActsFor,
  targetAccountProblem,
  transferProblem,
  type StaffPassAct,
} from './printed-pass';

const now = new Date('2026-11-27T02:00:00Z');
const later = new Date('2026-11-28T02:00:00Z');

/** A printed pass: no account, card 1. */
const pass = (overrides: Partial<PassDocument>): PassDocument => passDocument({ openid: null, origin: 'staff', card: firstCard(now), ...overrides }, now);

describe('decidePrintedIssue: one pass per person, as for applications', () => {
  test('nobody on file: create', () => {
    expect(decidePrintedIssue(undefined, '张三')).toEqual({ kind: 'create' });
  });

  test.each([
    ['on an account', pass({ openid: 'o-owner', origin: 'self', card: null }), 'ID_BOUND_TO_OTHER_ACCOUNT'],
    ['printed', pass({}), 'ID_HAS_PRINTED_PASS'],
    ['imported and given a card already', pass({ origin: 'migrated' }), 'ID_HAS_PRINTED_PASS'],
    ['cancelled', pass({ status: 'cancelled' }), 'INVALID_STATE'],
  ])('a person whose pass is %s is refused', (_label, personPass, code) => {
    expect(decidePrintedIssue(personPass, '张三')).toMatchObject({ kind: 'refuse', refusal: { code } });
  });

  test('an imported pass nobody claimed gets the card, if the name matches the record', () => {
    const imported = pass({ origin: 'migrated', card: null });
    expect(decidePrintedIssue(imported, '张三')).toEqual({ kind: 'attachCard', pass: imported });
    expect(decidePrintedIssue(imported, '张四')).toMatchObject({ kind: 'refuse', refusal: { code: 'NAME_INVALID' } });
  });

  test('an imported pass with a card is not carried over by an application: staff move it at the counter', () => {
    const applicant = { openid: 'o-new', name: '张三', personKey: 'person-1' };
    expect(decideApplication({ accountPass: undefined, personPass: pass({ origin: 'migrated' }) }, applicant)).toMatchObject({
      kind: 'refuse',
      code: 'ID_HAS_PRINTED_PASS',
    });
  });
});

describe('cards', () => {
  test('a reprint moves the serial on and takes the new print time', () => {
    expect(nextCard(firstCard(now), later)).toEqual({ serial: 2, printedAt: later });
    expect(nextCard({ serial: 7, printedAt: now }, later).serial).toBe(8);
  });

  test('print, reprint and cancel need an active pass with a card', () => {
    for (const act of ['print', 'reprint', 'cancel'] as const) {
      expect(cardForAct(pass({}), act)).toEqual({ ok: true, value: firstCard(now) });
      expect(cardForAct(pass({ status: 'cancelled' }), act)).toMatchObject({ ok: false, refusal: { code: 'INVALID_STATE', message: expect.stringContaining('注销') } });
      expect(cardForAct(pass({ openid: 'o-owner', card: null }), act)).toMatchObject({ ok: false, refusal: { code: 'INVALID_STATE', message: expect.stringContaining('微信') } });
    }
  });
});

describe('transfers', () => {
  test('move takes a pass no account holds; rebind one an account holds; neither a cancelled one', () => {
    expect(transferProblem(pass({}), 'move')).toBeNull();
    expect(transferProblem(pass({ origin: 'migrated', card: null }), 'move')).toBeNull();
    expect(transferProblem(pass({ openid: 'o-owner', card: null }), 'move')).toMatchObject({ code: 'INVALID_STATE' });
    expect(transferProblem(pass({ openid: 'o-owner', card: null }), 'rebind')).toBeNull();
    expect(transferProblem(pass({}), 'rebind')).toMatchObject({ code: 'INVALID_STATE' });
    expect(transferProblem(pass({ status: 'cancelled' }), 'move')).toMatchObject({ code: 'INVALID_STATE' });
    expect(transferProblem(pass({ openid: 'o-owner', status: 'cancelled', card: null }), 'rebind')).toMatchObject({ code: 'INVALID_STATE' });
  });

  test('the target account must not hold a pass, nor be the account that holds this one', () => {
    const held = pass({ openid: 'o-owner', card: null });
    expect(targetAccountProblem(held, 'o-new', false)).toBeNull();
    expect(targetAccountProblem(held, 'o-new', true)).toMatchObject({ code: 'ACCOUNT_HAS_PASS' });
    expect(targetAccountProblem(held, 'o-owner', true)).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('rebindRaceProblem: a rebind rests on the holder staff saw when the code was shown', () => {
  test('a holder bound before the code was shown may be replaced; one bound since (or at that moment) is CONFLICT', () => {
    expect(rebindRaceProblem(now, later)).toBeNull();
    expect(rebindRaceProblem(later, now)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('重新获取账号验证码') });
    expect(rebindRaceProblem(now, now)).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('restoring a cancelled pass', () => {
  test('only a cancelled pass is restored', () => {
    expect(restoreProblem(pass({ status: 'cancelled', card: null }))).toBeNull();
    expect(restoreProblem(pass({}))).toMatchObject({ code: 'INVALID_STATE' });
  });

  test('a printed pass gets a card after the revoked one; a pass on an account gets none', () => {
    expect(restoredCard(pass({ status: 'cancelled', card: null }), 3, later)).toEqual({ serial: 4, printedAt: later });
    expect(restoredCard(pass({ status: 'cancelled', card: null }), 0, later)).toEqual({ serial: 1, printedAt: later });
    expect(restoredCard(pass({ status: 'cancelled', openid: 'o-owner', card: null }), 0, later)).toBeNull();
  });

  test('a person whose pass is cancelled gets no second one: staff are pointed to restoring it', () => {
    expect(decidePrintedIssue(pass({ status: 'cancelled', card: null }), '张三')).toMatchObject({ kind: 'refuse', refusal: { code: 'INVALID_STATE', message: expect.stringContaining('恢复') } });
  });
});

describe('staffActsFor: the acts staff may do on a pass, as the page offers them', () => {
  const kinds: Array<[string, PassDocument, StaffPassAct[]]> = [
    ['a printed pass with a card', pass({}), ['print', 'reprint', 'move', 'guardian', 'cancel']],
    ['an imported pass without card or account', pass({ origin: 'migrated', card: null }), ['move', 'guardian']],
    ['a pass on an account', pass({ openid: 'o-owner', origin: 'self', card: null }), ['rebind']],
    ['a cancelled printed pass', pass({ status: 'cancelled', card: null }), ['restore']],
    ['a cancelled pass on an account', pass({ openid: 'o-owner', origin: 'self', status: 'cancelled', card: null }), ['restore']],
  ];

  test.each(kinds)('%s: %p, read alike from the stored pass and from the view staff get', (_label, stored, acts) => {
    expect(staffActsFor(actStateOfPass(stored))).toEqual(acts);
    expect(staffActsFor(actStateOfView(staffPassView(stored)))).toEqual(acts);
  });

  /** Whether the server's own check lets the act go ahead on this pass (the account code and the like aside). */
  function serverAllows(stored: PassDocument, act: StaffPassAct): boolean {
    switch (act) {
      case 'print':
      case 'reprint':
      case 'cancel':
        return cardForAct(stored, act).ok;
      case 'move':
      case 'rebind':
        return transferProblem(stored, act) === null;
      case 'restore':
        return restoreProblem(stored) === null;
      case 'guardian':
        return decideFamilyGrant({ pass: stored, circle: undefined }, 'o-guardian', { via: 'guardian' }).kind === 'grant';
    }
  }

  test.each(kinds)('%s: every act offered is one the server carries out, and every other it refuses', (_label, stored) => {
    const offered = staffActsFor(actStateOfPass(stored));
    for (const act of STAFF_PASS_ACTS) expect([act, serverAllows(stored, act)]).toEqual([act, offered.includes(act)]);
  });
});

describe('staffPassView', () => {
  test('staff see the full name, the holder masked, the valid card, never the ID number', () => {
    const view = staffPassView(pass({ openid: 'oOwner0000000000000000000001', card: { serial: 3, printedAt: later }, legacy: { number: 'NH-1', status: 'active', importedAt: now } }));
    expect(view).toMatchObject({ name: '张三', nameMasked: '张*', accountMasked: 'oOwn…0001', card: { serial: 3, printedAt: later.getTime() }, legacyNumber: 'NH-1' });
    expect(JSON.stringify(view)).not.toContain('sealed');
    expect(staffPassView(pass({ card: null }))).toMatchObject({ accountMasked: null, card: null, legacyNumber: null });
  });
});
