import type { AppealDecisionView, AppealSummary, Result } from '../../../../typings/contract';
import { anAppealDetail, anAppealSummary } from '../../../test-support/appeals';
import { aStaffPass, SERVER_TIME } from '../../../test-support/fixtures';
import { answerModal, exists, find, loadComponent, openWithQuery, settle, tap, textOf, typeInto } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-appeal/index', 'tx-staff-appeal');
});

beforeEach(() => {
  // The expiry picker offers days from the phone's today (Beijing): 2025-03-01 here.
  jest.spyOn(Date, 'now').mockReturnValue(SERVER_TIME);
  functions = fakeFunctions({ 'staff.appealGet': ok({ appeal: anAppealDetail() }) });
});

afterEach(() => jest.restoreAllMocks());

async function openAppeal(): Promise<ReturnType<typeof openWithQuery>> {
  const page = openWithQuery(pageId, { appealId: 'appeal-1' });
  await settle();
  return page;
}

type Page = Awaited<ReturnType<typeof openAppeal>>;

const summary = (overrides: Partial<AppealSummary> = {}) => ok({ appeal: anAppealSummary({ status: 'claimed', ...overrides }) });

async function prepareOverride(page: Page, reply = '已核实您当天在岗，调整为绿码'): Promise<void> {
  await tap(page, '.tx-staff-appeal__mode--override');
  await tap(page, '.tx-staff-appeal__colour--green');
  await typeInto(page, '#reason', '单位出具在岗证明');
  find(page, '#expiry').dispatchEvent('change', { detail: { value: '2025-03-15' } });
  await settle();
  await typeInto(page, '#reply', reply);
}

function aDecision(overrides: Partial<AppealDecisionView> = {}): AppealDecisionView {
  return {
    decision: 'accept',
    reply: '已核实，调整为绿码',
    byMasked: 'oDec****er01',
    at: SERVER_TIME,
    override: { colour: 'green', reason: '出院小结', expiresAt: Date.UTC(2025, 2, 15, 16) },
    annulRecord: null,
    needsApproval: true,
    approval: null,
    ...overrides,
  };
}

describe('申诉详情', () => {
  test('shows the person, the pass colour and reasons, what they wrote with images, and the records behind the colour', async () => {
    functions.answer({ 'staff.appealGet': ok({ appeal: anAppealDetail({ overdue: 'decision' }) }) });
    const page = await openAppeal();

    expect(functions.sent('staff.appealGet')).toEqual([{ appealId: 'appeal-1' }]);
    expect(textOf(find(page, '.tx-staff-appeal__name'))).toBe('张小三（张*三）');
    expect(textOf(find(page, '.tx-staff-appeal__what'))).toBe('行程记录有误 · 待受理 · 2025年3月1日 14:05:09 提交');
    expect(textOf(find(page, '.tx-staff-appeal__overdue'))).toBe('已超时：超过 72 小时未决定');
    expect(textOf(find(page, '.tx-staff-appeal__pass'))).toContain('黄码');
    expect(textOf(find(page, '.tx-staff-appeal__reason'))).toBe('重点地区来沪未满14天');
    expect(textOf(find(page, '#timeline'))).toContain('居民申诉');
    expect(find(page, '#timeline >>> .tx-appeal-timeline__image').data.src).toBe('https://tmp.example/a.jpg');
    expect(textOf(find(page, '.tx-staff-appeal__record'))).toBe('行程数据记录 trip-7（第 1 版）440100 来，2025年2月28日 10:00:00 到达2025年3月1日 12:05:09 收到');
  });

  test('认领 takes the appeal and reads it again', async () => {
    functions.answer({ 'staff.appealClaim': summary() });
    const page = await openAppeal();

    functions.answer({ 'staff.appealGet': ok({ appeal: anAppealDetail({ status: 'claimed', handlerMasked: 'oMe0****0001' }) }) });
    await tap(page, '#claim');

    expect(functions.sent('staff.appealClaim')).toEqual([{ appealId: 'appeal-1' }]);
    expect(functions.sent('staff.appealGet')).toHaveLength(2);
    expect(textOf(find(page, '.tx-staff-appeal__handler'))).toContain('oMe0****0001 处理中');
    expect(exists(page, '#claim')).toBe(false);
  });

  test('asks the resident for more: a question of at least 5 characters, sent and the appeal read again', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    functions.answer({ 'staff.appealRequestInfo': summary({ status: 'infoRequested' }) });
    const page = await openAppeal();

    await typeInto(page, '#question', '请补充');
    await tap(page, '#ask');
    expect(textOf(find(page, '.tx-staff-appeal__question-error'))).toBe('请写明需要居民补充什么（至少 5 个字）');
    expect(functions.sent('staff.appealRequestInfo')).toEqual([]);

    functions.answer({ 'staff.appealGet': ok({ appeal: anAppealDetail({ status: 'infoRequested' }) }) });
    await typeInto(page, '#question', '请补充单位在岗证明');
    await tap(page, '#ask');

    expect(functions.sent('staff.appealRequestInfo')).toEqual([{ appealId: 'appeal-1', question: '请补充单位在岗证明' }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发送' }));
    // Waiting for the resident: no second question, but a decision may still be taken.
    expect(exists(page, '#question')).toBe(false);
    expect(exists(page, '.tx-staff-appeal__decide')).toBe(true);
  });

  describe('deciding', () => {
    test('accept with an override: colour (not the current one), reason, expiry within 30 days, reply; confirmed first', async () => {
      const modal = answerModal(true);
      functions.answer({ 'staff.appealDecide': summary({ status: 'accepted' }) });
      const page = await openAppeal();
      await tap(page, '.tx-staff-appeal__mode--override');

      expect(page.querySelectorAll('.tx-staff-appeal__override .tx-choice__option').map((option) => textOf(option))).toEqual(['绿码', '红码']);
      expect([page.data.expiryStart, page.data.expiryEnd]).toEqual(['2025-03-02', '2025-03-30']);

      await prepareOverride(page);
      expect(textOf(find(page, '.tx-staff-appeal__expiry'))).toBe('2025-03-15');
      await tap(page, '#decide');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '通过申诉，将通行码改为绿码，有效至 2025年3月15日（含当天）。' }));
      expect(functions.sent('staff.appealDecide')).toEqual([
        {
          appealId: 'appeal-1',
          reply: '已核实您当天在岗，调整为绿码',
          decision: 'accept',
          // The end of 15 March in Beijing.
          override: { colour: 'green', reason: '单位出具在岗证明', expiresAt: Date.UTC(2025, 2, 15, 16) },
        },
      ]);
      expect(functions.sent('staff.appealGet')).toHaveLength(2);
    });

    test('says what is missing before sending, and 取消 in the dialog sends nothing', async () => {
      answerModal(false);
      const page = await openAppeal();
      expect(exists(page, '#decide')).toBe(false);

      await tap(page, '.tx-staff-appeal__mode--override');
      await tap(page, '#decide');
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('请选择复核后的颜色');

      await tap(page, '.tx-staff-appeal__colour--green');
      await typeInto(page, '#reason', '证明');
      await tap(page, '#decide');
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('请选择复核颜色的有效期');

      await prepareOverride(page, '好的');
      await tap(page, '#decide');
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('请填写给居民的答复（至少 5 个字）');

      await typeInto(page, '#reply', '已核实您当天在岗');
      await tap(page, '#decide');
      expect(functions.sent('staff.appealDecide')).toEqual([]);
      expect(find(page, '#decide').data.disabled).toBe(false);
    });

    test('turning a red pass green warns that a second staff member must approve', async () => {
      functions.answer({ 'staff.appealGet': ok({ appeal: anAppealDetail({ pass: aStaffPass({ colour: 'red' }) }) }) });
      const page = await openAppeal();

      await tap(page, '.tx-staff-appeal__mode--override');
      await tap(page, '.tx-staff-appeal__colour--yellow');
      expect(exists(page, '.tx-staff-appeal__approval-hint')).toBe(false);
      await tap(page, '.tx-staff-appeal__colour--green');

      expect(textOf(find(page, '.tx-staff-appeal__approval-hint'))).toBe('红码改为绿码，须由另一位工作人员审批后才生效。');
    });

    test('accept by annulling a partner record: only records still in force are offered', async () => {
      answerModal(true);
      functions.answer({
        'staff.appealGet': ok({
          appeal: anAppealDetail({
            records: [
              ...anAppealDetail().records,
              { source: 'health', recordId: 'h-1', version: 2, receivedAt: SERVER_TIME, annulled: true, facts: { status: 'confirmed', effectiveAt: '2025-02-01T00:00:00Z' } },
            ],
          }),
        }),
        'staff.appealDecide': summary({ status: 'accepted' }),
      });
      const page = await openAppeal();

      await tap(page, '.tx-staff-appeal__mode--annul');
      const offered = page.querySelectorAll('.tx-staff-appeal__annul-record');
      expect(offered.map((option) => textOf(option))).toEqual(['行程数据记录 trip-7（第 1 版）：440100 来，2025年2月28日 10:00:00 到达']);
      expect(textOf(page.querySelectorAll('.tx-staff-appeal__record')[1])).toContain('（已撤销）确诊');

      await tap(page, '.tx-staff-appeal__annul-record');
      await tap(page, '#decide');
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('请填写给居民的答复（至少 5 个字）');
      await typeInto(page, '#reply', '该行程记录有误，已撤销');
      await tap(page, '#decide');

      expect(functions.sent('staff.appealDecide')).toEqual([
        { appealId: 'appeal-1', reply: '该行程记录有误，已撤销', decision: 'accept', annulRecord: { source: 'travel', recordId: 'trip-7' } },
      ]);
    });

    test("reject with the reply the resident reads; a conflict shows the server's sentence", async () => {
      const modal = answerModal(true);
      functions.answer({ 'staff.appealDecide': refused('CONFLICT', '该申诉已由工作人员 oOth****er01 作出决定（已通过），请刷新') });
      const page = await openAppeal();

      await tap(page, '.tx-staff-appeal__mode--reject');
      await typeInto(page, '#reply', '短');
      await tap(page, '#decide');
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('请填写驳回的理由，居民会看到（至少 5 个字）');

      await typeInto(page, '#reply', '经核实，行程记录无误');
      await tap(page, '#decide');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '驳回申诉，通行码颜色不作调整。' }));
      expect(functions.sent('staff.appealDecide')).toEqual([{ appealId: 'appeal-1', reply: '经核实，行程记录无误', decision: 'reject' }]);
      expect(textOf(find(page, '.tx-staff-appeal__decide-error'))).toBe('该申诉已由工作人员 oOth****er01 作出决定（已通过），请刷新');
    });

    test('sends one decision when 提交决定 is tapped twice', async () => {
      answerModal(true);
      const reply = deferred<Result<{ appeal: AppealSummary }>>();
      functions.answer({ 'staff.appealDecide': () => reply.promise });
      const page = await openAppeal();
      await tap(page, '.tx-staff-appeal__mode--reject');
      await typeInto(page, '#reply', '经核实，行程记录无误');

      await tap(page, '#decide');
      await tap(page, '#decide');
      reply.resolve(summary({ status: 'rejected' }));
      await settle();

      expect(functions.sent('staff.appealDecide')).toHaveLength(1);
    });
  });

  describe('approval of a red-to-green decision', () => {
    const awaiting = () => ok({ appeal: anAppealDetail({ status: 'awaitingApproval', pass: aStaffPass({ colour: 'red' }), decision: aDecision() }) });

    test('shows the decision and who took it, and no other step', async () => {
      functions.answer({ 'staff.appealGet': awaiting() });
      const page = await openAppeal();

      expect(textOf(find(page, '.tx-staff-appeal__decision'))).toBe(
        '决定：通过改为绿码，有效至 2025年3月16日 00:00:00；原因：出院小结答复居民：已核实，调整为绿码决定人：oDec****er01，2025年3月1日 14:05:09',
      );
      expect(exists(page, '.tx-staff-appeal__decide')).toBe(false);
      expect(exists(page, '#claim')).toBe(false);
      expect(textOf(find(page, '.tx-staff-appeal__approve'))).toContain('须由作出决定以外的另一位工作人员审批');
    });

    test('approve with a note, confirmed first', async () => {
      const modal = answerModal(true);
      functions.answer({ 'staff.appealGet': awaiting(), 'staff.appealApprove': summary({ status: 'accepted' }) });
      const page = await openAppeal();

      await tap(page, '#approve');
      expect(textOf(find(page, '.tx-staff-appeal__approval-error'))).toBe('请填写审批意见（至少 2 个字）');
      expect(modal).not.toHaveBeenCalled();

      await typeInto(page, '#approval-note', '材料齐全，同意');
      await tap(page, '#approve');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '批准后，这个决定立即生效，居民的通行码颜色随之改变。' }));
      expect(functions.sent('staff.appealApprove')).toEqual([{ appealId: 'appeal-1', approve: true, note: '材料齐全，同意' }]);
    });

    test('decline sends approve: false; the decider approving their own decision reads why not', async () => {
      answerModal(true);
      functions.answer({ 'staff.appealGet': awaiting(), 'staff.appealApprove': refused('FORBIDDEN', '不能审批自己作出的决定，请由另一位工作人员审批') });
      const page = await openAppeal();

      await typeInto(page, '#approval-note', '证明不清晰');
      await tap(page, '#decline');

      expect(functions.sent('staff.appealApprove')).toEqual([{ appealId: 'appeal-1', approve: false, note: '证明不清晰' }]);
      expect(textOf(find(page, '.tx-staff-appeal__approval-error'))).toBe('不能审批自己作出的决定，请由另一位工作人员审批');
    });
  });

  test('a decided appeal shows the decision, its approval and staff notes, and offers no step', async () => {
    functions.answer({
      'staff.appealGet': ok({
        appeal: anAppealDetail({
          status: 'accepted',
          decision: aDecision({ approval: { byMasked: 'oApp****er02', at: SERVER_TIME + 60_000, note: '同意' } }),
          staffNotes: [{ at: SERVER_TIME, byMasked: 'oApp****er02', text: '审批未通过：请补充证明' }],
        }),
      }),
    });
    const page = await openAppeal();

    expect(textOf(find(page, '.tx-staff-appeal__approval'))).toBe('oApp****er02 于 2025年3月1日 14:06:09 批准：同意');
    expect(textOf(find(page, '.tx-staff-appeal__notes'))).toContain('2025年3月1日 14:05:09 oApp****er02：审批未通过：请补充证明');
    for (const step of ['#claim', '#question', '.tx-staff-appeal__decide', '#approve']) expect(exists(page, step)).toBe(false);
  });

  test("an appeal that cannot be read shows the server's sentence, and 重试 reads it again", async () => {
    functions.answer({ 'staff.appealGet': refused('NOT_FOUND', '找不到该申诉，请刷新后重试') });
    const page = await openAppeal();
    expect(textOf(find(page, '#state'))).toContain('找不到该申诉，请刷新后重试');

    functions.answer({ 'staff.appealGet': ok({ appeal: anAppealDetail() }) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(functions.sent('staff.appealGet')).toEqual([{ appealId: 'appeal-1' }, { appealId: 'appeal-1' }]);
    expect(textOf(find(page, '.tx-staff-appeal__name'))).toBe('张小三（张*三）');
  });
});
