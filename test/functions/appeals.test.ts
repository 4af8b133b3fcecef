import { createCron } from '../../cloudfunctions/cron';
import { createResident } from '../../cloudfunctions/resident';
import { createStaff } from '../../cloudfunctions/staff';
import { cloudbase, database } from '../../cloudfunctions/shared/cloudbase';
import { windowStart } from '../../cloudfunctions/shared/dashboard';
import { APPEAL_STATUSES, CLAIM_IDLE_MS, overdueOf, type AppealDocument } from '../../cloudfunctions/shared/domain/appeal';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import type { ColourHistoryDocument } from '../../cloudfunctions/shared/domain/colour-change';
import type { FactsDocument } from '../../cloudfunctions/shared/domain/facts';
import type { FeedRecordDocument } from '../../cloudfunctions/shared/domain/feed-records';
import type { NotificationDocument } from '../../cloudfunctions/shared/domain/notification';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';
import { maskOpenid } from '../../cloudfunctions/shared/roles';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import type { AppealCategory, AppealSummary, AppealView, ColourHistoryEntry, Result } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { COLOUR_PARTNERS, COLOUR_PARTNERS_ENV, colourFeeds, feedPusher, isoInstant } from '../support/feeds';
import { documentsOf } from '../support/pass-invariants';
import { testPlatform } from '../support/platform';
import { openidFor, syntheticIdNumber } from '../support/people';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001'), FEED_PARTNERS: COLOUR_PARTNERS_ENV } });
const call = callerOf(platform);
const turn = colourFeeds(platform);
const push = feedPusher(platform);
const cron = createCron(platform);
/** Untyped calls, for events the contract does not allow. */
const raw = { resident: createResident(platform), staff: createStaff(platform) };
const callRaw = (fn: 'resident' | 'staff', event: Record<string, unknown>, openid: string) => raw[fn](event, invocationContext(fn, { openid })) as Promise<Result<unknown>>;

const STAFF_A = openidFor('appeal-staff-a');
const STAFF_B = openidFor('appeal-staff-b');
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const grantedAt = new Date('2026-11-01T00:00:00Z');
  for (const openid of [STAFF_A, STAFF_B]) await database().collection(COLLECTIONS.roles).doc(openid).set({ staff: { district: '松江区', grantedAt, grantedBy: 'test' } });
});
afterAll(() => emulator.close());

/** Runs `work` at a later clock, and puts the clock back whatever happens. */
async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const start = clock;
  clock = new Date(start.getTime() + ms);
  try {
    return await work();
  } finally {
    clock = start;
  }
}

/** Moves the clock on a minute: what happens next happens later, so orders by time are not ties. */
function tick(): void {
  clock = new Date(clock.getTime() + 60_000);
}

let people = 0;
/** A resident with a pass, turned yellow or red through the partner feeds; a minute passes. */
async function resident(colour: 'green' | 'yellow' | 'red' = 'yellow') {
  const sequence = ++people;
  const openid = openidFor(`appeal-${sequence}-r`);
  const idNumber = syntheticIdNumber(500 + sequence);
  const { pass } = dataOf(await call('resident', { action: 'apply', name: '张三', idNumber }, openid));
  tick();
  if (colour !== 'green') await turn(idNumber, colour);
  tick();
  return { openid, idNumber, passId: pass.passId };
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
/** An image the mini-program uploaded for `openid` (wx.cloud.uploadFile under appeals/<openid>/). */
async function upload(openid: string, name: string, bytes: Buffer = JPEG): Promise<string> {
  return (await cloudbase().uploadFile({ cloudPath: `appeals/${openid}/${name}`, fileContent: bytes })).fileID;
}

const DESCRIPTION = '我当天一直在松江上班，没有去过该地区，行程记录有误';
/** Submits an appeal; a minute passes. */
async function submit(openid: string, images: string[] = [], category: AppealCategory = 'wrongTravel'): Promise<AppealView> {
  const { appeal } = dataOf(await call('resident', { action: 'appealSubmit', category, description: DESCRIPTION, images }, openid));
  tick();
  return appeal;
}
const mine = async (openid: string) => dataOf(await call('resident', { action: 'appealMine' }, openid)).appeals;
const claim = (appealId: string, staff: string) => call('staff', { action: 'appealClaim', appealId }, staff);
const reject = (appealId: string, staff: string) => call('staff', { action: 'appealDecide', appealId, decision: 'reject', reply: '经核实，行程数据无误，维持原颜色' }, staff);
const acceptWithOverride = (appealId: string, staff: string, colour: 'green' | 'yellow', expiresAt = clock.getTime() + 3 * DAY) =>
  call('staff', { action: 'appealDecide', appealId, decision: 'accept', reply: '经核实，已为您调整通行码颜色', override: { colour, reason: '核实行程记录有误', expiresAt } }, staff);
const approve = (appealId: string, staff: string, yes: boolean) => call('staff', { action: 'appealApprove', appealId, approve: yes, note: yes ? '已复核出院证明' : '证明材料不清晰' }, staff);

const code = async (openid: string) => dataOf(await call('resident', { action: 'code' }, openid));
const history = async (openid: string) => (dataOf(await call('resident', { action: 'colourHistory' }, openid)) as { entries: ColourHistoryEntry[] }).entries;
const storedPass = async (passId: string) => (await database().collection(COLLECTIONS.passes).doc(passId).get()).data[0] as PassDocument;
const storedAppeal = async (appealId: string) => (await database().collection(COLLECTIONS.appeals).doc(appealId).get()).data[0] as AppealDocument;
const auditOf = async (targetId: string) =>
  ((await database().collection(COLLECTIONS.audit).where({ 'target.id': targetId }).orderBy('at', 'asc').limit(100).get()).data as AuditEntry[]).map((entry) => entry.action);
/** The kinds of notices queued for `openid`, oldest first; those of one transaction (one instant) in name order. */
const noticesOf = async (openid: string) =>
  ((await database().collection(COLLECTIONS.notifications).where({ openid }).limit(100).get()).data as NotificationDocument[])
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.kind.localeCompare(b.kind))
    .map((notice) => notice.kind);

/** The collections an appeal step writes: a refused step must leave every one as it was. */
const WRITTEN = [COLLECTIONS.appeals, COLLECTIONS.appealLocks, COLLECTIONS.audit, COLLECTIONS.notifications, COLLECTIONS.colourHistory, COLLECTIONS.passes, COLLECTIONS.facts];
async function snapshot(): Promise<string> {
  return JSON.stringify(await Promise.all(WRITTEN.map((collection) => documentsOf(collection))));
}
async function expectRefusedAndNothingStored(attempt: () => Promise<Result<unknown>>, code: string, message?: RegExp): Promise<void> {
  const before = await snapshot();
  const result = await attempt();
  expect(result).toMatchObject({ ok: false, code });
  if (message && !result.ok) expect(result.message).toMatch(message);
  expect(await snapshot()).toBe(before);
}

describe('end to end through the real SDK', () => {
  test('a yellow resident appeals, staff accept with an override, the next code is green; when it expires the rules are back, through the read path and the sweep, both moments in the history', async () => {
    const reader = await resident('yellow');
    const sleeper = await resident('yellow');
    expect((await code(reader.openid)).colour).toBe('yellow');

    const ticket = await upload(reader.openid, 'ticket.jpg');
    const appeal = await submit(reader.openid, [ticket]);
    expect(appeal).toMatchObject({ status: 'submitted', colourAtSubmit: 'yellow', outcome: null, canWithdraw: true, messages: [{ kind: 'description', images: [ticket] }] });
    const sleeperAppeal = await submit(sleeper.openid);

    // Staff find it in the queue, take it, look at the record behind the colour and the image, and accept.
    const queue = dataOf(await call('staff', { action: 'appealQueue' }, STAFF_A)).appeals;
    expect(queue.find((item) => item.appealId === appeal.appealId)).toMatchObject({ status: 'submitted', nameMasked: '张*', handlerMasked: null, overdue: null });
    expect(dataOf(await claim(appeal.appealId, STAFF_A)).appeal).toMatchObject({ status: 'claimed', handlerMasked: maskOpenid(STAFF_A) });
    tick();
    const detail = dataOf(await call('staff', { action: 'appealGet', appealId: appeal.appealId }, STAFF_A)).appeal;
    expect(detail.pass).toMatchObject({ passId: reader.passId, colour: 'yellow', name: '张三' });
    expect(detail.records).toEqual([expect.objectContaining({ source: 'travel', version: 1, annulled: false, facts: expect.objectContaining({ fromRegion: '330302' }) })]);
    const image = Buffer.from(await (await fetch(detail.messages[0].imageUrls[0])).arrayBuffer());
    expect(image.equals(JPEG)).toBe(true);

    const expiresAt = clock.getTime() + 3 * DAY;
    expect(dataOf(await acceptWithOverride(appeal.appealId, STAFF_A, 'green', expiresAt)).appeal).toMatchObject({ status: 'accepted', decidedAt: clock.getTime() });
    dataOf(await acceptWithOverride(sleeperAppeal.appealId, STAFF_B, 'green', expiresAt));

    // The resident's next code is green, saying why; the appeal shows the outcome and the reply.
    expect(await code(reader.openid)).toMatchObject({ colour: 'green', reasons: [expect.objectContaining({ code: 'STAFF_REVIEW' })] });
    expect((await mine(reader.openid))[0]).toMatchObject({
      status: 'accepted',
      outcome: { decision: 'accept', override: { colour: 'green', expiresAt }, recordAnnulled: false },
      canWithdraw: false,
      messages: [{ kind: 'description' }, { kind: 'reply', from: 'staff', text: '经核实，已为您调整通行码颜色' }],
    });
    expect(await noticesOf(reader.openid)).toEqual(['colourChanged', 'appealReceived', 'appealOutcome', 'colourChanged']);
    expect(await auditOf(appeal.appealId)).toEqual(['appeal.submit', 'appeal.claim', 'appeal.decide']);
    expect(await auditOf(reader.passId)).toEqual(['colour.override']);
    expect((await storedPass(reader.passId)).colour.nextChangeAt).toEqual(new Date(expiresAt));

    await later(expiresAt - clock.getTime() + 1, async () => {
      // The reader opens the code page: the read path brings the rules back.
      expect(await code(reader.openid)).toMatchObject({ colour: 'yellow', reasons: [expect.objectContaining({ code: 'KEY_AREA_ARRIVAL' })] });
      // The sleeper never does: the timer sweep does it.
      await cron({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }));
      expect((await storedPass(sleeper.passId)).colour.colour).toBe('yellow');
      for (const { openid } of [reader, sleeper]) {
        expect((await history(openid)).slice(0, 3).map((entry) => [entry.from, entry.to, entry.source])).toEqual([
          ['green', 'yellow', '到期自动更新'],
          ['yellow', 'green', '工作人员复核'],
          ['green', 'yellow', '行程数据'],
        ]);
      }
    });
  });
});

describe('bad inputs: typed errors, and nothing stored', () => {
  let owner: Awaited<ReturnType<typeof resident>>;
  beforeAll(async () => {
    owner = await resident('yellow');
  });
  const attempt = (params: Record<string, unknown>, openid = owner.openid) =>
    callRaw('resident', { action: 'appealSubmit', category: 'wrongTravel', description: DESCRIPTION, images: [], ...params }, openid);

  test.each([
    ['a description too short', { description: '码不对' }, /至少 10 个字/],
    ['a description too long', { description: '行'.repeat(501) }, /最多 500 个字/],
    ['an ID number in the description', { description: `我的身份证号是 ${syntheticIdNumber(1)}，行程记录有误` }, /身份证号码/],
    ['four images', { images: ['a', 'b', 'c', 'd'].map((name) => `cloud://x.y/appeals/${openidFor('appeal-1-r')}/${name}.jpg`) }, /最多上传 3 张/],
    ['an unknown category', { category: 'angry' }, /category/],
    ["another resident's pass named", { passId: 'someone-else' }, /passId/],
  ])('%s: INVALID_REQUEST', async (_label, params, message) => {
    await expectRefusedAndNothingStored(() => attempt(params), 'INVALID_REQUEST', message);
  });

  test('a text file named .jpg, a missing file, a file in someone else’s folder, a file over 5 MB: INVALID_REQUEST naming it', async () => {
    const text = await upload(owner.openid, 'certificate.jpg', Buffer.from('这不是图片，是一段文字'));
    const good = await upload(owner.openid, 'discharge.png', PNG);
    await expectRefusedAndNothingStored(() => attempt({ images: [good, text] }), 'INVALID_REQUEST', /第 2 张图片（certificate\.jpg）不是 JPG 或 PNG 图片/);
    await expectRefusedAndNothingStored(() => attempt({ images: [good.replace('discharge.png', 'gone.jpg')] }), 'INVALID_REQUEST', /gone\.jpg）不存在/);
    const strangers = await upload(openidFor('appeal-stranger'), 'x.jpg');
    await expectRefusedAndNothingStored(() => attempt({ images: [strangers] }), 'INVALID_REQUEST', /不是您本人上传的申诉图片/);
    const huge = await upload(owner.openid, 'huge.jpg', Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]));
    await expectRefusedAndNothingStored(() => attempt({ images: [huge] }), 'INVALID_REQUEST', /huge\.jpg）超过 5 MB/);
  });

  test('an account with no pass: NO_PASS', async () => {
    await expectRefusedAndNothingStored(() => attempt({}, openidFor('appeal-nopass')), 'NO_PASS');
  });

  test('a second open appeal on the same pass: LIMIT_REACHED naming the open one; two at once: exactly one stored', async () => {
    const first = await submit(owner.openid);
    await expectRefusedAndNothingStored(() => attempt({}), 'LIMIT_REACHED', /已有一件正在处理的申诉/);
    expect(await attempt({})).toMatchObject({ detail: first.appealId });

    const racer = await resident('yellow');
    const results = await Promise.all([attempt({}, racer.openid), attempt({ category: 'other' }, racer.openid), attempt({ category: 'notMe' }, racer.openid)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(['LIMIT_REACHED', 'LIMIT_REACHED']);
    expect(await mine(racer.openid)).toHaveLength(1);
    const locks = await documentsOf<{ _id: string; appealId: string }>(COLLECTIONS.appealLocks);
    expect(locks.filter((lock) => lock._id === racer.passId)).toEqual([{ _id: racer.passId, appealId: (await mine(racer.openid))[0].appealId, createdAt: clock }]);
  });

  test("answering or withdrawing someone else's appeal: NOT_FOUND", async () => {
    const [appeal] = await mine(owner.openid);
    const other = await resident('green');
    await expectRefusedAndNothingStored(() => callRaw('resident', { action: 'appealWithdraw', appealId: appeal.appealId }, other.openid), 'NOT_FOUND');
    await expectRefusedAndNothingStored(() => callRaw('resident', { action: 'appealAddInfo', appealId: appeal.appealId, text: '补充说明' }, other.openid), 'NOT_FOUND');
    expect(await mine(other.openid)).toEqual([]);
  });
});

describe('handling', () => {
  test('one handler at a time: a second claim is a CONFLICT naming the holder, masked; an abandoned claim is taken over', async () => {
    const { openid } = await resident();
    const { appealId } = await submit(openid);
    const [first, second] = await Promise.all([claim(appealId, STAFF_A), claim(appealId, STAFF_B)]);
    const [winner, loser] = first.ok ? [STAFF_A, STAFF_B] : [STAFF_B, STAFF_A];
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    await expectRefusedAndNothingStored(() => claim(appealId, loser), 'CONFLICT', new RegExp(`正由工作人员 ${maskOpenid(winner)} 处理`));
    await expectRefusedAndNothingStored(() => reject(appealId, loser), 'CONFLICT');

    await later(CLAIM_IDLE_MS, async () => {
      expect(dataOf(await claim(appealId, loser)).appeal).toMatchObject({ status: 'claimed', handlerMasked: maskOpenid(loser) });
      await expectRefusedAndNothingStored(() => reject(appealId, winner), 'CONFLICT', new RegExp(maskOpenid(loser)));
    });
    expect(await noticesOf(openid)).toEqual(['colourChanged', 'appealReceived']);
  });

  test('staff ask for more; the resident is notified, answers with an image, and the appeal goes back to whoever asked', async () => {
    const { openid } = await resident();
    const { appealId } = await submit(openid);
    const question = '请上传当天的考勤记录或车票';
    expect(dataOf(await call('staff', { action: 'appealRequestInfo', appealId, question }, STAFF_A)).appeal).toMatchObject({ status: 'infoRequested', firstResponseAt: clock.getTime() });
    const notice = (await database().collection(COLLECTIONS.notifications).where({ openid, kind: 'appealRequest' }).get()).data[0] as NotificationDocument;
    expect(notice).toMatchObject({ title: '您的申诉需要补充材料', body: question, deliveredAt: null });
    expect((await mine(openid))[0]).toMatchObject({ status: 'infoRequested', canAddInfo: true, messages: [{ kind: 'description' }, { kind: 'question', text: question }] });
    await expectRefusedAndNothingStored(() => call('staff', { action: 'appealRequestInfo', appealId, question }, STAFF_A), 'INVALID_STATE');

    const timesheet = await upload(openid, 'timesheet.png', PNG);
    const answered = dataOf(await call('resident', { action: 'appealAddInfo', appealId, text: '已上传考勤记录', images: [timesheet] }, openid)).appeal;
    expect(answered).toMatchObject({ status: 'claimed', canAddInfo: false, messages: [{}, {}, { kind: 'answer', from: 'resident', images: [timesheet] }] });
    expect((await storedAppeal(appealId)).claim).toEqual({ by: STAFF_A, at: clock });
    await expectRefusedAndNothingStored(() => callRaw('resident', { action: 'appealAddInfo', appealId, text: '再补充一次' }, openid), 'INVALID_STATE');
    expect(await auditOf(appealId)).toEqual(['appeal.submit', 'appeal.requestInfo', 'appeal.addInfo']);
  });

  test('two staff deciding the same appeal at once: one wins, the other gets a clear CONFLICT, the appeal holds one decision', async () => {
    const { openid, passId } = await resident();
    const { appealId } = await submit(openid);
    const results = await Promise.all([reject(appealId, STAFF_A), acceptWithOverride(appealId, STAFF_B, 'green')]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const winner = results[0].ok ? STAFF_A : STAFF_B;
    const loss = results.find((result) => !result.ok);
    expect(loss).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining(maskOpenid(winner)) });
    const stored = await storedAppeal(appealId);
    expect(stored.decision?.by).toBe(winner);
    expect(await auditOf(appealId)).toEqual(['appeal.submit', 'appeal.decide']);
    expect((await storedPass(passId)).colour.colour).toBe(winner === STAFF_A ? 'yellow' : 'green');
    expect((await mine(openid))[0].messages.filter((message) => message.kind === 'reply')).toHaveLength(1);
  });

  test('withdrawing frees the pass for a new appeal; a withdrawn appeal takes no further step', async () => {
    const { openid } = await resident();
    const { appealId } = await submit(openid);
    expect(dataOf(await call('resident', { action: 'appealWithdraw', appealId }, openid)).appeal).toMatchObject({ status: 'withdrawn', canWithdraw: false });
    await expectRefusedAndNothingStored(() => call('resident', { action: 'appealWithdraw', appealId }, openid), 'INVALID_STATE');
    await expectRefusedAndNothingStored(() => claim(appealId, STAFF_A), 'INVALID_STATE', /撤回/);
    const again = await submit(openid, [], 'other');
    expect(again.appealId).not.toBe(appealId);
    expect((await mine(openid)).map((appeal) => appeal.status)).toEqual(['submitted', 'withdrawn']);
  });
});

describe('red to green takes a second staff member', () => {
  test('the decision waits, the decider cannot approve it, a decline returns it, a second member’s approval makes it take effect', async () => {
    const { openid, passId } = await resident('red');
    const certificate = await upload(openid, 'discharge.jpg');
    const { appealId } = await submit(openid, [certificate], 'releasedOrDischarged');
    dataOf(await claim(appealId, STAFF_A));
    expect(dataOf(await acceptWithOverride(appealId, STAFF_A, 'green')).appeal).toMatchObject({ status: 'awaitingApproval', decidedAt: null });
    expect((await storedPass(passId)).colour.colour).toBe('red');
    expect((await mine(openid))[0]).toMatchObject({ status: 'awaitingApproval', outcome: null, canWithdraw: true });
    expect(await noticesOf(openid)).not.toContain('appealOutcome');

    await expectRefusedAndNothingStored(() => approve(appealId, STAFF_A, true), 'FORBIDDEN', /不能审批自己/);
    await expectRefusedAndNothingStored(() => reject(appealId, STAFF_B), 'CONFLICT', /作出决定/);

    expect(dataOf(await approve(appealId, STAFF_B, false)).appeal).toMatchObject({ status: 'claimed', handlerMasked: maskOpenid(STAFF_A) });
    const detail = dataOf(await call('staff', { action: 'appealGet', appealId }, STAFF_A)).appeal;
    expect(detail).toMatchObject({ decision: null, staffNotes: [{ byMasked: maskOpenid(STAFF_B), text: '审批未通过：证明材料不清晰' }] });
    expect((await storedPass(passId)).colour.colour).toBe('red');

    dataOf(await acceptWithOverride(appealId, STAFF_A, 'green'));
    tick();
    expect(dataOf(await approve(appealId, STAFF_B, true)).appeal).toMatchObject({ status: 'accepted', decidedAt: clock.getTime() });
    expect((await code(openid)).colour).toBe('green');
    expect((await mine(openid))[0]).toMatchObject({ status: 'accepted', outcome: { decision: 'accept', override: { colour: 'green' } } });
    expect(await auditOf(appealId)).toEqual(['appeal.submit', 'appeal.claim', 'appeal.decide', 'appeal.approve', 'appeal.decide', 'appeal.approve']);
    const override = (await database().collection(COLLECTIONS.audit).where({ action: 'colour.override', 'target.id': passId }).get()).data as AuditEntry[];
    expect(override).toEqual([expect.objectContaining({ actor: expect.objectContaining({ openid: STAFF_B }), details: expect.objectContaining({ decidedBy: STAFF_A, from: 'red', colour: 'green' }) })]);
    expect((await noticesOf(openid)).slice(-2)).toEqual(['appealOutcome', 'colourChanged']);
  });

  test('annulling the record behind a red colour waits for approval too; a newer version of the record before then stops it', async () => {
    const { openid, idNumber, passId } = await resident('green');
    const record = { recordId: 'appeal-h-1', idNumber, status: 'confirmed', effectiveAt: isoInstant(clock) };
    await push(COLOUR_PARTNERS.health, { source: 'health', records: [{ ...record, version: 1 }] });
    const { appealId } = await submit(openid, [], 'notMe');
    const annul = { action: 'appealDecide' as const, appealId, decision: 'accept' as const, reply: '该确诊记录不是您本人的，已撤销', annulRecord: { source: 'health' as const, recordId: record.recordId } };
    expect(dataOf(await call('staff', annul, STAFF_A)).appeal.status).toBe('awaitingApproval');
    await push(COLOUR_PARTNERS.health, { source: 'health', records: [{ ...record, version: 2 }] });
    await expectRefusedAndNothingStored(() => approve(appealId, STAFF_B, true), 'INVALID_STATE', /决定后已更新/);
    expect((await storedPass(passId)).colour.colour).toBe('red');
  });
});

describe('accepting by annulling the partner record', () => {
  test('the record is annulled and the colour recomputed at once; a replay of that version stays annulled, a newer version counts again', async () => {
    const { openid, idNumber, passId } = await resident('green');
    const travel = (version: number) => ({
      source: 'travel' as const,
      records: [{ recordId: 'appeal-t-1', version, idNumber, arrivedAt: isoInstant(new Date(clock.getTime() - DAY)), fromRegion: '330302' }],
    });
    await push(COLOUR_PARTNERS.travel, travel(1));
    expect((await code(openid)).colour).toBe('yellow');
    const { appealId } = await submit(openid);

    await expectRefusedAndNothingStored(
      () => call('staff', { action: 'appealDecide', appealId, decision: 'accept', reply: '撤销错误的行程记录', annulRecord: { source: 'travel', recordId: 't-of-someone-else' } }, STAFF_A),
      'NOT_FOUND',
    );
    const accepted = await call('staff', { action: 'appealDecide', appealId, decision: 'accept', reply: '经核实为错误的行程记录，已撤销', annulRecord: { source: 'travel', recordId: 'appeal-t-1' } }, STAFF_A);
    expect(dataOf(accepted).appeal.status).toBe('accepted');
    expect(await code(openid)).toMatchObject({ colour: 'green', reasons: [expect.objectContaining({ code: expect.not.stringMatching('STAFF_REVIEW') })] });
    const stored = (await database().collection(COLLECTIONS.feedRecords).doc('travel:appeal-t-1').get()).data[0] as FeedRecordDocument;
    expect(stored.annulled).toEqual({ at: clock, by: STAFF_A, appealId });
    const facts = (await database().collection(COLLECTIONS.facts).where({ _id: (await storedPass(passId)).personKey }).get()).data[0] as FactsDocument;
    expect(facts.arrivals).toEqual({});
    expect(await auditOf('travel:appeal-t-1')).toEqual(['record.annul']);
    expect((await mine(openid))[0].outcome).toMatchObject({ decision: 'accept', override: null, recordAnnulled: true });
    const detail = dataOf(await call('staff', { action: 'appealGet', appealId }, STAFF_B)).appeal;
    expect(detail.records).toEqual([expect.objectContaining({ recordId: 'appeal-t-1', annulled: true })]);

    expect((await push(COLOUR_PARTNERS.travel, travel(1))).body.data?.summary).toMatchObject({ duplicate: 1 });
    expect((await code(openid)).colour).toBe('green');
    expect((await push(COLOUR_PARTNERS.travel, travel(2))).body.data?.summary).toMatchObject({ accepted: 1 });
    expect((await code(openid)).colour).toBe('yellow');
  });
});

/** The dashboard's overdue counts (database queries) agree with the queue's flag (overdueOf) over every appeal. */
async function expectDashboardOverdueAsQueue(): Promise<void> {
  const { appealsOverdue } = dataOf(await call('staff', { action: 'dashboard' }, STAFF_B));
  const flags = (await documentsOf<AppealDocument>(COLLECTIONS.appeals)).map((appeal) => overdueOf(appeal, clock));
  const counted = (flag: string) => flags.filter((item) => item === flag).length;
  expect(appealsOverdue).toEqual({ firstResponse: counted('firstResponse'), decision: counted('decision') });
  expect(appealsOverdue.firstResponse).toBeGreaterThan(0);
}

describe('the staff queue and service levels', () => {
  test('oldest first, filtered by status, category and age; flagged when no first response in 24 h, or no decision in 72 h', async () => {
    const older = await submit((await resident()).openid, [], 'releasedOrDischarged');
    const newer = await later(2 * HOUR, async () => submit((await resident()).openid, [], 'releasedOrDischarged'));
    const queue = async (params: { status?: 'claimed'; olderThanHours?: number } = {}) =>
      dataOf(await call('staff', { action: 'appealQueue', category: 'releasedOrDischarged', ...params }, STAFF_A)).appeals.filter((item) =>
        [older.appealId, newer.appealId].includes(item.appealId),
      );
    const ids = (items: AppealSummary[]) => items.map((item) => item.appealId);
    expect(ids(await queue())).toEqual([older.appealId, newer.appealId]);

    await later(25 * HOUR, async () => {
      expect((await queue()).map((item) => item.overdue)).toEqual(['firstResponse', null]);
      await expectDashboardOverdueAsQueue();
      dataOf(await claim(older.appealId, STAFF_A));
      expect((await queue()).map((item) => item.overdue)).toEqual([null, null]);
      expect(ids(await queue({ status: 'claimed' }))).toEqual([older.appealId]);
      expect(ids(await queue({ olderThanHours: 24 }))).toEqual([older.appealId]);
      await expectDashboardOverdueAsQueue();
    });
    await later(75 * HOUR, async () => {
      expect((await queue()).map((item) => item.overdue)).toEqual(['decision', 'decision']);
    });
  });
});

describe('dashboard', () => {
  test('its aggregates, computed by the database, agree with counting every document', async () => {
    const followUps = database().collection(COLLECTIONS.followUps);
    await followUps.add({ status: 'open', createdAt: clock });
    await followUps.add({ status: 'closed', createdAt: clock, closedAt: clock });
    await followUps.add({ status: 'closed', createdAt: clock, closedAt: clock });

    // Later than every change the tests above made (they moved the clock up to 75 hours ahead).
    await later(4 * DAY, async () => {
      const view = dataOf(await call('staff', { action: 'dashboard', days: 7 }, STAFF_A));
      const passes = await documentsOf<PassDocument>(COLLECTIONS.passes);
      const appeals = await documentsOf<AppealDocument>(COLLECTIONS.appeals);
      const count = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});
      const colours = (items: PassDocument[]) => ({ green: 0, yellow: 0, red: 0, ...count(items, (pass) => pass.colour.colour) });

      expect(view).toMatchObject({ days: 7, district: null, generatedAt: clock.getTime(), followUps: { open: 1, closed: 2 } });
      expect(view.passesByColour).toEqual(colours(passes.filter((pass) => pass.status === 'active')));
      // Each day's end: every change before it moved one pass from `from` to `to` (issues come from null).
      const changes = await documentsOf<ColourHistoryDocument>(COLLECTIONS.colourHistory);
      const series = view.colourSeries.map(({ day }) => {
        const end = new Date(`${day}T00:00:00+08:00`).getTime() + DAY;
        const counts = { green: 0, yellow: 0, red: 0 };
        for (const change of changes.filter((item) => item.at.getTime() < end)) {
          counts[change.to]++;
          if (change.from) counts[change.from]--;
        }
        return { day, ...counts };
      });
      expect(view.colourSeries.map((entry) => entry.day)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
      expect(view.colourSeries).toEqual(series);
      expect(view.colourSeries[6]).toEqual({ day: '2026-12-01', ...colours(passes) });
      const noAppeals = Object.fromEntries(APPEAL_STATUSES.map((status) => [status, 0]));
      expect(view.appealsByStatus).toEqual({ ...noAppeals, ...count(appeals, (appeal) => appeal.status) });

      const start = windowStart(clock, 7);
      const decided = appeals.filter((appeal) => appeal.decidedAt && appeal.decidedAt >= start);
      expect(decided.length).toBeGreaterThan(0);
      expect(view.decisionTimes.count).toBe(decided.length);
      const hours = (appeal: AppealDocument, at: Date) => (at.getTime() - appeal.createdAt.getTime()) / HOUR;
      const bucketed = view.decisionTimes.buckets.map(({ fromHours, toHours }) => ({
        fromHours,
        toHours,
        count: decided.filter((appeal) => hours(appeal, appeal.decidedAt!) >= fromHours && (toHours === null || hours(appeal, appeal.decidedAt!) < toHours)).length,
      }));
      expect(view.decisionTimes.buckets).toEqual(bucketed);
      const responded = appeals.filter((appeal) => appeal.firstResponseAt && appeal.firstResponseAt >= start);
      expect(view.firstResponseTimes.count).toBe(responded.length);
      const average = responded.reduce((sum, appeal) => sum + hours(appeal, appeal.firstResponseAt!), 0) / responded.length;
      expect(view.firstResponseTimes.averageHours).toBeCloseTo(average, 1);
    });
  });
});
