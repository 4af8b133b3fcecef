import { aDashboard } from '../../test-support/dashboard';
import { appealsByStatusChart, colourSeriesChart, dashboardPanels, decisionTimesChart, followUpsChart, isEmptyChart, PASS_COLOURS } from '../chart-series';

describe('chart series from the dashboard aggregates', () => {
  test('passes by colour: one stacked column a day, labelled M/D, each colour in its pass colour and word', () => {
    const chart = colourSeriesChart(aDashboard());

    expect(chart.type).toBe('column');
    expect(chart.extra).toEqual(expect.objectContaining({ column: expect.objectContaining({ type: 'stack' }) }));
    expect(chart.categories).toEqual(['2/27', '2/28', '3/1']);
    expect(chart.series).toEqual([
      { name: '绿码', data: [100, 110, 120], color: PASS_COLOURS.green },
      { name: '黄码', data: [10, 9, 8], color: PASS_COLOURS.yellow },
      { name: '红码', data: [3, 2, 2], color: PASS_COLOURS.red },
    ]);
  });

  test('appeals by status: a ring of the statuses that have appeals, in words, never in pass colours', () => {
    const chart = appealsByStatusChart(aDashboard());

    expect(chart.type).toBe('ring');
    expect(chart.series[0].data).toEqual([
      { name: '待受理', value: 3 },
      { name: '处理中', value: 1 },
      { name: '待审批', value: 1 },
      { name: '已通过', value: 4 },
      { name: '未通过', value: 2 },
    ]);
    expect(chart.color).toHaveLength(5);
    for (const colour of Object.values(PASS_COLOURS)) expect(chart.color).not.toContain(colour);
  });

  test('time to decision: one column per bucket, the last open-ended', () => {
    const chart = decisionTimesChart(aDashboard());

    expect(chart.categories).toEqual(['0–24 小时', '24–72 小时', '72 小时以上']);
    expect(chart.series[0].data).toEqual([2, 3, 1]);
  });

  test('follow-up reports: open against closed', () => {
    const chart = followUpsChart(aDashboard());

    expect(chart.categories).toEqual(['待随访', '已结案']);
    expect(chart.series[0].data).toEqual([4, 9]);
  });

  test('a chart of zeros is empty', () => {
    const none = aDashboard({ followUps: { open: 0, closed: 0 } });
    expect(isEmptyChart(followUpsChart(none))).toBe(true);
    expect(isEmptyChart(followUpsChart(aDashboard()))).toBe(false);
  });

  test('the panels say their figures in words, and an empty one has no chart', () => {
    const panels = dashboardPanels(
      aDashboard({
        appealsByStatus: { submitted: 0, claimed: 0, infoRequested: 0, awaitingApproval: 0, accepted: 0, rejected: 0, withdrawn: 0 },
        decisionTimes: { count: 0, averageHours: null, buckets: [{ fromHours: 0, toHours: 24, count: 0 }] },
      }),
    );

    expect(panels.map((panel) => [panel.title, panel.label, panel.config !== null])).toEqual([
      ['各颜色通行证数（每日）', '现在有效通行证：绿码 120 人，黄码 8 人，红码 2 人', true],
      ['申诉状态', '暂无申诉；超时：未受理 1 件，未决定 0 件', false],
      ['申诉决定用时', '暂无已决定的申诉', false],
      ['社区随访报告', '待随访 4 件，已结案 9 件', true],
    ]);
    expect(dashboardPanels(aDashboard())[2].label).toBe('共 6 件，平均 30.3 小时');
  });
});
