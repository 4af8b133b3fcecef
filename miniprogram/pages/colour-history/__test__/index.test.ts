import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, openLoaded, tap, textOf } from '../../../test-support/simulate';
import { fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/colour-history/index', 'tx-colour-history');
});

beforeEach(() => {
  functions = fakeFunctions({ 'resident.colourHistory': ok({ entries: [] }) });
});

afterEach(() => jest.restoreAllMocks());

describe('颜色记录', () => {
  test('lists each change newest first: Beijing time, from → to in words, the reasons and the source', async () => {
    functions.answer({
      'resident.colourHistory': ok({
        entries: [
          { at: SERVER_TIME, from: 'yellow', to: 'green', reasons: [{ code: 'STAFF_REVIEW', zh: '经工作人员复核（申诉已通过）', en: '' }], source: '工作人员复核' },
          { at: Date.UTC(2025, 1, 20, 1, 0, 0), from: null, to: 'yellow', reasons: [{ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: '' }], source: '行程数据' },
        ],
      }),
    });
    const page = await openLoaded(pageId);

    expect(functions.sent('resident.colourHistory')).toEqual([{}]);
    const rows = page.querySelectorAll('.tx-colour-history__row').map((row) => textOf(row));
    expect(rows).toEqual([
      '2025年3月1日 14:05:09黄码→绿码经工作人员复核（申诉已通过）来源：工作人员复核',
      '2025年2月20日 09:00:00首次赋码黄码重点地区来沪未满14天来源：行程数据',
    ]);
    expect(exists(page, '.tx-colour-history__empty')).toBe(false);
  });

  test('with no changes yet, says so', async () => {
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '.tx-colour-history__empty'))).toBe('暂无颜色变化记录。');
  });

  test('NO_PASS is not an error: it offers to apply', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.colourHistory': refused('NO_PASS', '您还没有申领通行证，请先用本人的姓名和身份证号码申领') });
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '.tx-colour-history__no-pass'))).toContain('您还没有申领通行证');
    await tap(page, '.tx-colour-history__apply');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/apply/index' }));
  });

  test("a failure shows the sentence for its code and 重试, which reads the history again", async () => {
    functions.answer({ 'resident.colourHistory': refused('INTERNAL') });
    const page = await openLoaded(pageId);
    expect(textOf(find(page, '#state'))).toContain('系统繁忙，请稍后重试');

    functions.answer({ 'resident.colourHistory': ok({ entries: [{ at: SERVER_TIME, from: 'green', to: 'red', reasons: [], source: '卫生健康部门数据' }] }) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(textOf(find(page, '.tx-colour-history__row'))).toContain('绿码→红码');
  });
});
