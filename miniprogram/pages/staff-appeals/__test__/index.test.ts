import { anAppealSummary } from '../../../test-support/appeals';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, openLoaded, settle, tap, textOf, type Rendered } from '../../../test-support/simulate';
import { fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-appeals/index', 'tx-staff-appeals');
});

beforeEach(() => {
  functions = fakeFunctions({
    'staff.appealQueue': ok({
      appeals: [
        anAppealSummary({ appealId: 'a-old', nameMasked: '王*明', category: 'releasedOrDischarged', colourAtSubmit: 'red', overdue: 'firstResponse' }),
        anAppealSummary({ appealId: 'a-new', createdAt: SERVER_TIME + 3_600_000, status: 'claimed', handlerMasked: 'oSta****ff01', claimExpiresAt: SERVER_TIME + 3 * 3_600_000 }),
      ],
    }),
  });
});

afterEach(() => jest.restoreAllMocks());

function lines(page: Rendered): string[] {
  return page.querySelectorAll('.tx-staff-appeals__line').map((line) => textOf(line));
}

describe('申诉处理', () => {
  test('lists the open appeals oldest first: who, colour, category, status, when; overdue ones in words; who holds one', async () => {
    const page = await openLoaded(pageId);

    expect(functions.sent('staff.appealQueue')).toEqual([{}]);
    expect(lines(page)).toEqual([
      '王*明红码已解除或已出院 · 待受理 · 2025年3月1日 14:05:09 提交已超时：超过 24 小时未受理认领',
      '张*三黄码行程记录有误 · 处理中 · 2025年3月1日 15:05:09 提交oSta****ff01 处理中，2025年3月1日 17:05:09 后无操作可接手›',
    ]);
    expect(find(page, '.tx-staff-appeals__overdue').dom?.className).toContain('tx-overdue');
  });

  test('filters by status and by category', async () => {
    const page = await openLoaded(pageId);

    await tap(page, '.tx-staff-appeals__status--accepted');
    await tap(page, '.tx-staff-appeals__category--notMe');
    await tap(page, '.tx-staff-appeals__status--open');

    expect(functions.sent('staff.appealQueue')).toEqual([{}, { status: 'accepted' }, { status: 'accepted', category: 'notMe' }, { category: 'notMe' }]);
    expect(find(page, '.tx-staff-appeals__category--notMe').dom?.className).toContain('tx-choice__option--selected');
  });

  test('认领 takes the appeal and shows it held, without opening it', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'staff.appealClaim': ok({ appeal: anAppealSummary({ appealId: 'a-old', nameMasked: '王*明', status: 'claimed', handlerMasked: 'oMe0****0001', claimExpiresAt: SERVER_TIME + 7_200_000 }) }) });
    const page = await openLoaded(pageId);

    await tap(page, '.tx-staff-appeals__claim');

    expect(functions.sent('staff.appealClaim')).toEqual([{ appealId: 'a-old' }]);
    expect(lines(page)[0]).toContain('oMe0****0001 处理中');
    expect(exists(page, '.tx-staff-appeals__claim')).toBe(false);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已认领' }));
    expect(navigate).not.toHaveBeenCalled();
  });

  test("a claim another staff member won shows the server's sentence", async () => {
    functions.answer({ 'staff.appealClaim': refused('CONFLICT', '该申诉正由工作人员 oOth****er01 处理，请选择其他申诉（认领后 2 小时无操作即可接手）') });
    const page = await openLoaded(pageId);

    await tap(page, '.tx-staff-appeals__claim');

    expect(textOf(find(page, '.tx-staff-appeals__claim-error'))).toBe('该申诉正由工作人员 oOth****er01 处理，请选择其他申诉（认领后 2 小时无操作即可接手）');
  });

  test('tapping an appeal opens it', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = await openLoaded(pageId);

    page.querySelectorAll('.tx-staff-appeals__line')[1].dispatchEvent('tap');
    await settle();

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/staff-appeal/index?appealId=a-new' }));
  });

  test('says so when no appeal matches', async () => {
    functions.answer({ 'staff.appealQueue': ok({ appeals: [] }) });
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '.tx-staff-appeals__empty'))).toBe('没有符合条件的申诉。');
  });

  test('a resident without the staff role reads why, and 重试 asks again', async () => {
    functions.answer({ 'staff.appealQueue': refused('FORBIDDEN') });
    const page = await openLoaded(pageId);
    expect(textOf(find(page, '#state'))).toContain('您的账号没有办理此事项的权限');

    functions.answer({ 'staff.appealQueue': ok({ appeals: [] }) });
    await tap(page, '#state >>> .tx-state-view__retry');
    expect(functions.sent('staff.appealQueue')).toHaveLength(2);
  });

  test('reads the queue again when shown anew (back from an appeal), but not on the first show', async () => {
    const page = open(pageId);
    page.instance.onShow();
    await settle();
    expect(functions.sent('staff.appealQueue')).toHaveLength(1);

    page.instance.onShow();
    await settle();
    expect(functions.sent('staff.appealQueue')).toHaveLength(2);
  });
});
