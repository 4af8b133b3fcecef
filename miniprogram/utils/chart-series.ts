import type { AppealStatus, Colour, DashboardView, DurationDistribution } from '../../typings/contract';
import { STATUS_WORDS } from './appeal-display';
import { COLOUR_WORDS } from './pass-display';

/**
 * The staff dashboard's charts as uCharts options, computed from staff.dashboard's aggregates: pure, so the
 * mapping is tested without a canvas, and components/chart only draws what it is given.
 */
export interface ChartSeries {
  name: string;
  /** One value per category (column, line); one slice per entry for ring charts. */
  data: number[] | Array<{ name: string; value: number }>;
  color?: string;
}

export interface ChartConfig {
  type: 'column' | 'ring';
  categories: string[];
  series: ChartSeries[];
  /** uCharts' per-type options (stacking, ring width …). */
  extra: Record<string, unknown>;
  /** Explicit colours for ring slices, in order. */
  color?: string[];
}

/** The pass colours as colour-badge paints them: a chart says the same thing in the same colour. */
export const PASS_COLOURS: Record<Colour, string> = { green: '#1b7f3b', yellow: '#f5c400', red: '#c62828' };

/** Colours for everything that is not a pass colour: blues, violet and greys, never red, yellow or green. */
const NEUTRAL_COLOURS = ['#0b57d0', '#7c4dff', '#00838f', '#5f6368', '#1a237e', '#9aa0a6', '#3d3d3d'];

const COLOURS: Colour[] = ['green', 'yellow', 'red'];

/** "2025-03-01" → "3/1": the axis has room for short labels only. */
function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(month)}/${Number(date)}`;
}

/** Passes by colour at the end of each day, stacked: how the colours moved over the window. */
export function colourSeriesChart(view: DashboardView): ChartConfig {
  return {
    type: 'column',
    categories: view.colourSeries.map((point) => shortDay(point.day)),
    series: COLOURS.map((colour) => ({ name: COLOUR_WORDS[colour], data: view.colourSeries.map((point) => point[colour]), color: PASS_COLOURS[colour] })),
    extra: { column: { type: 'stack', width: 12 } },
  };
}

/** Appeals by status as a ring; statuses with none are left out so the legend lists only what is there. */
export function appealsByStatusChart(view: DashboardView): ChartConfig {
  const slices = (Object.keys(STATUS_WORDS) as AppealStatus[])
    .map((status, index) => ({ name: STATUS_WORDS[status], value: view.appealsByStatus[status] ?? 0, color: NEUTRAL_COLOURS[index] }))
    .filter((slice) => slice.value > 0);
  return {
    type: 'ring',
    categories: [],
    series: [{ name: '申诉', data: slices.map(({ name, value }) => ({ name, value })) }],
    color: slices.map((slice) => slice.color),
    extra: { ring: { ringWidth: 24, offsetAngle: -90, border: false } },
  };
}

/** "0–24 小时", "72 小时以上". */
function bucketLabel(bucket: DurationDistribution['buckets'][number]): string {
  return bucket.toHours === null ? `${bucket.fromHours} 小时以上` : `${bucket.fromHours}–${bucket.toHours} 小时`;
}

/** How long decisions took: appeals per duration bucket. */
export function decisionTimesChart(view: DashboardView): ChartConfig {
  return {
    type: 'column',
    categories: view.decisionTimes.buckets.map(bucketLabel),
    series: [{ name: '申诉数', data: view.decisionTimes.buckets.map((bucket) => bucket.count), color: NEUTRAL_COLOURS[0] }],
    extra: { column: { width: 24 } },
  };
}

/** Guards' follow-up reports, open against closed. */
export function followUpsChart(view: DashboardView): ChartConfig {
  return {
    type: 'column',
    categories: ['待随访', '已结案'],
    series: [{ name: '随访报告', data: [view.followUps.open, view.followUps.closed], color: NEUTRAL_COLOURS[1] }],
    extra: { column: { width: 40 } },
  };
}

/** True when a chart has nothing to draw: the page says so in words instead of an empty axis. */
export function isEmptyChart(config: ChartConfig): boolean {
  return config.series.every((series) => series.data.every((point) => (typeof point === 'number' ? point : point.value) === 0));
}

/** One chart of the dashboard with its title and its figures in words. */
export interface DashboardPanel {
  key: string;
  title: string;
  /** null when there is nothing to draw: the figures say so. */
  config: ChartConfig | null;
  label: string;
}

function panel(key: string, title: string, config: ChartConfig, label: string): DashboardPanel {
  return { key, title, config: isEmptyChart(config) ? null : config, label };
}

export function dashboardPanels(view: DashboardView): DashboardPanel[] {
  const now = COLOURS.map((colour) => `${COLOUR_WORDS[colour]} ${view.passesByColour[colour]} 人`).join('，');
  const statuses = (Object.keys(STATUS_WORDS) as AppealStatus[]).filter((status) => view.appealsByStatus[status] > 0);
  const byStatus = statuses.map((status) => `${STATUS_WORDS[status]} ${view.appealsByStatus[status]} 件`).join('，') || '暂无申诉';
  const overdue = `超时：未受理 ${view.appealsOverdue.firstResponse} 件，未决定 ${view.appealsOverdue.decision} 件`;
  const { decisionTimes } = view;
  const decided = decisionTimes.count === 0 ? '暂无已决定的申诉' : `共 ${decisionTimes.count} 件，平均 ${decisionTimes.averageHours?.toFixed(1) ?? '—'} 小时`;
  return [
    panel('colours', '各颜色通行证数（每日）', colourSeriesChart(view), `现在有效通行证：${now}`),
    panel('appeals', '申诉状态', appealsByStatusChart(view), `${byStatus}；${overdue}`),
    panel('decisions', '申诉决定用时', decisionTimesChart(view), decided),
    panel('followUps', '社区随访报告', followUpsChart(view), `待随访 ${view.followUps.open} 件，已结案 ${view.followUps.closed} 件`),
  ];
}
