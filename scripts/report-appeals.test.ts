import type { DashboardView } from '../typings/contract';
import { formatServiceLevels } from './report-appeals';

const distribution = (counts: number[], averageHours: number | null): DashboardView['decisionTimes'] => {
  const edges = [0, 1, 4, 8, 24, 72, 168];
  return { count: counts.reduce((a, b) => a + b, 0), averageHours, buckets: edges.map((fromHours, i) => ({ fromHours, toHours: edges[i + 1] ?? null, count: counts[i] })) };
};

const view: DashboardView = {
  generatedAt: Date.parse('2026-11-27T02:00:00Z'),
  days: 30,
  district: null,
  passesByColour: { green: 10, yellow: 2, red: 1 },
  colourSeries: [],
  appealsByStatus: { submitted: 2, claimed: 1, infoRequested: 0, awaitingApproval: 1, accepted: 4, rejected: 3, withdrawn: 1 },
  appealsOverdue: { firstResponse: 1, decision: 2 },
  firstResponseTimes: distribution([6, 2, 0, 1, 0, 0, 0], 1.5),
  decisionTimes: distribution([0, 0, 1, 2, 4, 0, 0], null),
  followUps: { open: 0, closed: 0 },
};

describe('npm run report:appeals', () => {
  const lines = formatServiceLevels(view).split('\n');

  test('names the window, the statuses in words and the overdue appeals', () => {
    expect(lines[0]).toBe('申诉服务水平：近 30 天（截至 2026-11-27，全部辖区）');
    expect(lines[1]).toBe('状态：待受理 2 · 处理中 1 · 待补充材料 0 · 待审批 1 · 已通过 4 · 未通过 3 · 已撤回 1');
    expect(lines[2]).toBe('超时未结：1 件 24 小时内未首次响应，2 件 72 小时内未作出决定');
  });

  test('draws each distribution as bars scaled to its largest bucket, labels aligned in terminal columns', () => {
    expect(lines).toContain('首次响应时间（9 件，平均 1.5 小时）');
    expect(lines).toContain('作出决定时间（7 件）');
    const bars = lines.filter((line) => line.startsWith('  '));
    expect(bars).toHaveLength(14);
    // Labels take 14 columns (a Chinese character two), then a space, the 30-column bar, a space, the count.
    expect(bars[0]).toMatch(/^ {2}0–1 小时 {7}█{30} 6$/);
    expect(bars[1]).toMatch(/^ {2}1–4 小时 {7}█{10} {20} 2$/);
    expect(bars[6]).toMatch(/^ {2}168 小时以上 {34}0$/);
    expect(bars[11]).toMatch(/█{30} 4$/);
  });
});
