import type { AppealStatus, ErrorCode } from '../../../typings/contract';
import {
  afterStep,
  APPEAL_STATUSES,
  appealSummary,
  appealView,
  CLAIM_IDLE_MS,
  DECISION_DUE_MS,
  FIRST_RESPONSE_DUE_MS,
  imagePathProblem,
  MAX_OVERRIDE_MS,
  needsSecondApproval,
  nextStep,
  overdueOf,
  overrideProblem,
  sniffImage,
  type AppealActor,
  type AppealDecisionRecord,
  type AppealDocument,
  type AppealStep,
} from './appeal';

const NOW = new Date('2026-11-27T02:00:00Z');
const OWNER = 'oOwner000000000000000000001';
const STRANGER = 'oStranger0000000000000000001';
const HANDLER = 'oHandler00000000000000000001';
const OTHER_STAFF = 'oOtherStaff00000000000000001';

const resident = (openid: string): AppealActor => ({ role: 'resident', openid });
const staff = (openid: string): AppealActor => ({ role: 'staff', openid });
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

function decision(by: string, overrides: Partial<AppealDecisionRecord> = {}): AppealDecisionRecord {
  return { decision: 'accept', reply: '经核实，行程记录有误', by, at: minutesAgo(5), override: null, annulRecord: null, needsApproval: false, approval: null, ...overrides };
}

/** An appeal in each status as the system leaves it: claimed ones held by HANDLER, decided ones decided by HANDLER. */
function appealIn(status: AppealStatus): AppealDocument {
  const held = status === 'claimed' || status === 'infoRequested' || status === 'awaitingApproval';
  const decided = status === 'awaitingApproval' || status === 'accepted' || status === 'rejected';
  return {
    _id: 'appeal-1',
    passId: 'pass-1',
    openid: OWNER,
    nameMasked: '张*',
    category: 'wrongTravel',
    status,
    colourAtSubmit: 'yellow',
    messages: [{ at: minutesAgo(60), from: 'resident', kind: 'description', text: '我没有去过该地区，行程记录有误', images: [] }],
    claim: held ? { by: HANDLER, at: minutesAgo(10) } : null,
    decision: decided ? decision(HANDLER, { decision: status === 'rejected' ? 'reject' : 'accept', needsApproval: status === 'awaitingApproval' }) : null,
    staffNotes: [],
    createdAt: minutesAgo(60),
    updatedAt: minutesAgo(10),
    firstResponseAt: status === 'submitted' || status === 'withdrawn' ? null : minutesAgo(30),
    decidedAt: status === 'accepted' || status === 'rejected' ? minutesAgo(5) : null,
    closedAt: null,
  };
}

/** Every step, each with the actor who would rightfully take it: the owner, the handler, or a second staff member approving. */
const STEPS: Record<string, { step: AppealStep; actor: AppealActor }> = {
  claim: { step: { kind: 'claim' }, actor: staff(HANDLER) },
  requestInfo: { step: { kind: 'requestInfo' }, actor: staff(HANDLER) },
  addInfo: { step: { kind: 'addInfo' }, actor: resident(OWNER) },
  withdraw: { step: { kind: 'withdraw' }, actor: resident(OWNER) },
  reject: { step: { kind: 'decide', decision: 'reject', needsApproval: false }, actor: staff(HANDLER) },
  accept: { step: { kind: 'decide', decision: 'accept', needsApproval: false }, actor: staff(HANDLER) },
  acceptRedToGreen: { step: { kind: 'decide', decision: 'accept', needsApproval: true }, actor: staff(HANDLER) },
  approve: { step: { kind: 'approve', approve: true }, actor: staff(OTHER_STAFF) },
  decline: { step: { kind: 'approve', approve: false }, actor: staff(OTHER_STAFF) },
};

type Cell = AppealStatus | ErrorCode;
const IS: ErrorCode = 'INVALID_STATE';
const CF: ErrorCode = 'CONFLICT';

/**
 * Written out by hand, one row per status and one column per step (in STEPS order): the status after the
 * step, or the code of the refusal. The test below checks every cell against the machine.
 */
const TABLE: Record<AppealStatus, Cell[]> = {
  // claim, requestInfo, addInfo, withdraw, reject, accept, acceptRedToGreen, approve, decline
  submitted: ['claimed', 'infoRequested', IS, 'withdrawn', 'rejected', 'accepted', 'awaitingApproval', IS, IS],
  claimed: ['claimed', 'infoRequested', IS, 'withdrawn', 'rejected', 'accepted', 'awaitingApproval', IS, IS],
  infoRequested: ['infoRequested', IS, 'claimed', 'withdrawn', 'rejected', 'accepted', 'awaitingApproval', IS, IS],
  awaitingApproval: [CF, CF, IS, 'withdrawn', CF, CF, CF, 'accepted', 'claimed'],
  accepted: [CF, CF, IS, IS, CF, CF, CF, IS, IS],
  rejected: [CF, CF, IS, IS, CF, CF, CF, IS, IS],
  withdrawn: [IS, IS, IS, IS, IS, IS, IS, IS, IS],
};

describe('the state machine, every status × every step', () => {
  const stepNames = Object.keys(STEPS);
  test('the table covers every status and every step', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...APPEAL_STATUSES].sort());
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(stepNames.length);
  });

  const cells = APPEAL_STATUSES.flatMap((status) => stepNames.map((name, column) => [status, name, TABLE[status][column]] as const));
  test.each(cells)('%s --%s--> %s', (status, name, expected) => {
    const { step, actor } = STEPS[name];
    const outcome = nextStep(appealIn(status), step, actor, NOW);
    if ((APPEAL_STATUSES as readonly string[]).includes(expected)) {
      expect(outcome).toMatchObject({ ok: true, status: expected });
    } else {
      expect(outcome).toEqual({ ok: false, refusal: { code: expected, message: expect.any(String) } });
      if (!outcome.ok) expect(outcome.refusal.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('who may take a step', () => {
  test.each(APPEAL_STATUSES)('another resident finds no appeal to answer or withdraw (%s)', (status) => {
    for (const kind of ['addInfo', 'withdraw'] as const) {
      expect(nextStep(appealIn(status), { kind }, resident(STRANGER), NOW)).toMatchObject({ ok: false, refusal: { code: 'NOT_FOUND' } });
    }
  });

  test.each(APPEAL_STATUSES)('each side only takes its own steps (%s)', (status) => {
    for (const { step, actor } of Object.values(STEPS)) {
      const wrongSide: AppealActor = { role: actor.role === 'staff' ? 'resident' : 'staff', openid: actor.openid };
      expect(nextStep(appealIn(status), step, wrongSide, NOW)).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    }
  });

  test.each(['claimed', 'infoRequested'] as const)('while the claim is live, another staff member gets CONFLICT naming the holder, masked (%s)', (status) => {
    for (const name of ['claim', 'requestInfo', 'reject', 'accept']) {
      const outcome = nextStep(appealIn(status), STEPS[name].step, staff(OTHER_STAFF), NOW);
      expect(outcome).toMatchObject({ ok: false, refusal: { code: 'CONFLICT', message: expect.stringContaining('oHan…0001') } });
      expect(JSON.stringify(outcome)).not.toContain(HANDLER);
    }
  });

  test('a claim idle for 2 hours is abandoned: another staff member takes it over', () => {
    const abandoned = { ...appealIn('claimed'), claim: { by: HANDLER, at: new Date(NOW.getTime() - CLAIM_IDLE_MS) } };
    expect(nextStep(abandoned, { kind: 'claim' }, staff(OTHER_STAFF), NOW)).toEqual({ ok: true, status: 'claimed', claim: { by: OTHER_STAFF, at: NOW } });
    const stillLive = { ...abandoned, claim: { by: HANDLER, at: new Date(NOW.getTime() - CLAIM_IDLE_MS + 1) } };
    expect(nextStep(stillLive, { kind: 'claim' }, staff(OTHER_STAFF), NOW)).toMatchObject({ ok: false, refusal: { code: 'CONFLICT' } });
  });

  test('the holder stepping again refreshes the claim; a free appeal is taken by whoever acts on it', () => {
    expect(nextStep(appealIn('claimed'), { kind: 'claim' }, staff(HANDLER), NOW)).toEqual({ ok: true, status: 'claimed', claim: { by: HANDLER, at: NOW } });
    expect(nextStep(appealIn('submitted'), { kind: 'requestInfo' }, staff(OTHER_STAFF), NOW)).toEqual({
      ok: true,
      status: 'infoRequested',
      claim: { by: OTHER_STAFF, at: NOW },
    });
  });

  test("the resident's answer goes back to whoever asked, with a fresh claim", () => {
    expect(nextStep(appealIn('infoRequested'), { kind: 'addInfo' }, resident(OWNER), NOW)).toEqual({ ok: true, status: 'claimed', claim: { by: HANDLER, at: NOW } });
  });

  test('the decider cannot approve their own decision; a declined one goes back to the decider', () => {
    expect(nextStep(appealIn('awaitingApproval'), { kind: 'approve', approve: true }, staff(HANDLER), NOW)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN', message: expect.stringContaining('不能审批自己') },
    });
    expect(nextStep(appealIn('awaitingApproval'), { kind: 'approve', approve: false }, staff(OTHER_STAFF), NOW)).toEqual({
      ok: true,
      status: 'claimed',
      claim: { by: HANDLER, at: NOW },
    });
  });

  test('a staff member losing a race to decide reads a CONFLICT naming who decided', () => {
    for (const status of ['awaitingApproval', 'accepted', 'rejected'] as const) {
      expect(nextStep(appealIn(status), STEPS.accept.step, staff(OTHER_STAFF), NOW)).toMatchObject({
        ok: false,
        refusal: { code: 'CONFLICT', message: expect.stringContaining('作出决定') },
      });
    }
  });
});

describe('service levels', () => {
  test('first response is the first staff step; decided when accepted or rejected; closed when it leaves the open states', () => {
    const claimed = afterStep(appealIn('submitted'), { status: 'claimed', claim: { by: HANDLER, at: NOW } }, staff(HANDLER), NOW);
    expect(claimed).toMatchObject({ firstResponseAt: NOW, decidedAt: null, closedAt: null });
    const later = new Date(NOW.getTime() + 3_600_000);
    expect(afterStep(claimed, { status: 'rejected', claim: null }, staff(HANDLER), later)).toMatchObject({ firstResponseAt: NOW, decidedAt: later, closedAt: later });
    const withdrawn = afterStep(appealIn('submitted'), { status: 'withdrawn', claim: null }, resident(OWNER), NOW);
    expect(withdrawn).toMatchObject({ firstResponseAt: null, decidedAt: null, closedAt: NOW });
    const pending = afterStep(appealIn('claimed'), { status: 'awaitingApproval', claim: { by: HANDLER, at: NOW } }, staff(HANDLER), NOW);
    expect(pending).toMatchObject({ decidedAt: null, closedAt: null });
  });

  test('overdue: no first response within 24 h, no decision within 72 h, never once closed', () => {
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    const fresh = { status: 'submitted' as const, createdAt: NOW, firstResponseAt: null };
    expect(overdueOf(fresh, at(FIRST_RESPONSE_DUE_MS - 1))).toBeNull();
    expect(overdueOf(fresh, at(FIRST_RESPONSE_DUE_MS))).toBe('firstResponse');
    expect(overdueOf({ ...fresh, status: 'claimed', firstResponseAt: at(1000) }, at(FIRST_RESPONSE_DUE_MS))).toBeNull();
    expect(overdueOf({ ...fresh, status: 'claimed', firstResponseAt: at(1000) }, at(DECISION_DUE_MS))).toBe('decision');
    expect(overdueOf({ ...fresh, status: 'accepted' }, at(10 * DECISION_DUE_MS))).toBeNull();
  });
});

describe('decisions', () => {
  test('only red to green needs a second staff member', () => {
    expect(needsSecondApproval('red', 'green')).toBe(true);
    for (const [from, to] of [['red', 'yellow'], ['yellow', 'green'], ['green', 'red'], ['yellow', 'red']] as const) expect(needsSecondApproval(from, to)).toBe(false);
  });

  test('an override changes the colour and lasts from now to at most 30 days', () => {
    const day = 86_400_000;
    expect(overrideProblem({ colour: 'green', expiresAt: NOW.getTime() + day }, 'yellow', NOW)).toBeNull();
    expect(overrideProblem({ colour: 'green', expiresAt: NOW.getTime() + MAX_OVERRIDE_MS }, 'yellow', NOW)).toBeNull();
    expect(overrideProblem({ colour: 'green', expiresAt: NOW.getTime() + MAX_OVERRIDE_MS + 1 }, 'yellow', NOW)?.message).toContain('30 天');
    expect(overrideProblem({ colour: 'green', expiresAt: NOW.getTime() }, 'yellow', NOW)?.code).toBe('INVALID_REQUEST');
    expect(overrideProblem({ colour: 'yellow', expiresAt: NOW.getTime() + day }, 'yellow', NOW)?.message).toContain('相同');
  });
});

describe('views', () => {
  test('the resident sees the outcome only once it is final, and what they may do now', () => {
    const pending = appealIn('awaitingApproval');
    expect(appealView(pending)).toMatchObject({ status: 'awaitingApproval', outcome: null, canAddInfo: false, canWithdraw: true });
    const override = { colour: 'green' as const, reason: '核实行程', expiresAt: new Date(NOW.getTime() + 86_400_000) };
    const accepted = { ...appealIn('accepted'), decision: decision(HANDLER, { override }) };
    expect(appealView(accepted)).toMatchObject({
      outcome: { decision: 'accept', override: { colour: 'green', expiresAt: override.expiresAt.getTime() }, recordAnnulled: false },
      canWithdraw: false,
    });
    expect(appealView(appealIn('infoRequested'))).toMatchObject({ canAddInfo: true, canWithdraw: true });
  });

  test('the queue shows the live handler masked, when the claim expires, and no handler once it has', () => {
    const claimed = appealIn('claimed');
    expect(appealSummary(claimed, NOW)).toMatchObject({ handlerMasked: 'oHan…0001', claimExpiresAt: claimed.claim!.at.getTime() + CLAIM_IDLE_MS });
    expect(appealSummary(claimed, new Date(NOW.getTime() + CLAIM_IDLE_MS))).toMatchObject({ handlerMasked: null, claimExpiresAt: null });
  });
});

describe('images', () => {
  const file = (path: string) => `cloud://tongxing-local.746f-tongxing-local-1250000000/${path}`;
  test("only files in the caller's own appeal folder", () => {
    expect(imagePathProblem(file(`appeals/${OWNER}/1.jpg`), OWNER)).toBeNull();
    expect(imagePathProblem(file(`appeals/${OWNER}/2026/1.png`), OWNER)).toBeNull();
    expect(imagePathProblem(file(`appeals/${STRANGER}/1.jpg`), OWNER)).not.toBeNull();
    expect(imagePathProblem(file(`appeals/${OWNER}/../${STRANGER}/1.jpg`), OWNER)).not.toBeNull();
    expect(imagePathProblem(file(`photos/${OWNER}/1.jpg`), OWNER)).not.toBeNull();
    expect(imagePathProblem(`appeals/${OWNER}/1.jpg`, OWNER)).not.toBeNull();
  });

  test('JPEG and PNG by their first bytes, nothing else', () => {
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImage(Buffer.from('GIF89a..'))).toBeNull();
    expect(sniffImage(Buffer.from('not an image'))).toBeNull();
    expect(sniffImage(Uint8Array.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});
