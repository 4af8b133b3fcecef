import type { DashboardView, Result } from '../../../../typings/contract';
import { aDashboard } from '../../../test-support/dashboard';
import { exists, find, loadComponent, openLoaded, settle, tap, textOf } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

jest.mock('@qiun/ucharts', () => jest.requireActual('../../../test-support/ucharts').uChartsModule());

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-dashboard/index', 'tx-staff-dashboard');
});

beforeEach(() => {
  functions = fakeFunctions({ 'staff.dashboard': ok(aDashboard()) });
});

afterEach(() => jest.restoreAllMocks());

describe('数据看板', () => {
  test('asks for the last 30 days and shows four charts, each with its figures in words', async () => {
    const page = await openLoaded(pageId);

    expect(functions.sent('staff.dashboard')).toEqual([{ days: 30 }]);
    expect(textOf(find(page, '.tx-staff-dashboard__scope'))).toBe('全部街道 · 统计时间 2025年3月1日 14:05:09（北京时间）');
    const charts = page.querySelectorAll('.tx-staff-dashboard__chart');
    expect(charts.map((chart) => chart.data.label)).toEqual([
      '现在有效通行证：绿码 120 人，黄码 8 人，红码 2 人',
      '待受理 3 件，处理中 1 件，待审批 1 件，已通过 4 件，未通过 2 件；超时：未受理 1 件，未决定 0 件',
      '共 6 件，平均 30.3 小时',
      '待随访 4 件，已结案 9 件',
    ]);
    expect(charts[0].data.config).toEqual(expect.objectContaining({ type: 'column', categories: ['2/27', '2/28', '3/1'] }));
    expect(charts[1].data.config).toEqual(expect.objectContaining({ type: 'ring' }));
  });

  test('a chart with nothing to draw gives way to its figures in words; the district shows when there is one', async () => {
    functions.answer({ 'staff.dashboard': ok(aDashboard({ district: '南京东路街道', followUps: { open: 0, closed: 0 } })) });
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '.tx-staff-dashboard__scope'))).toContain('南京东路街道');
    expect(exists(page, '.tx-staff-dashboard__panel--followUps .tx-staff-dashboard__chart')).toBe(false);
    expect(textOf(find(page, '.tx-staff-dashboard__panel--followUps .tx-staff-dashboard__figures'))).toBe('待随访 0 件，已结案 0 件');
  });

  test('choosing 近 7 天 asks again for 7 days; a tap while loading is ignored', async () => {
    const page = await openLoaded(pageId);
    const reply = deferred<Result<DashboardView>>();
    functions.answer({ 'staff.dashboard': () => reply.promise });

    await tap(page, '.tx-staff-dashboard__window--7');
    await tap(page, '.tx-staff-dashboard__window--90');
    reply.resolve(ok(aDashboard({ days: 7 })));
    await settle();

    expect(functions.sent('staff.dashboard')).toEqual([{ days: 30 }, { days: 7 }]);
    expect(find(page, '.tx-staff-dashboard__window--7').dom?.className).toContain('tx-choice__option--selected');
  });

  test("a failure shows the server's sentence and 重试 asks again", async () => {
    functions.answer({ 'staff.dashboard': refused('FORBIDDEN') });
    const page = await openLoaded(pageId);
    expect(textOf(find(page, '#state'))).toContain('您的账号没有办理此事项的权限');

    functions.answer({ 'staff.dashboard': ok(aDashboard()) });
    await tap(page, '#state >>> .tx-state-view__retry');
    expect(page.querySelectorAll('.tx-staff-dashboard__chart')).toHaveLength(4);
  });
});
