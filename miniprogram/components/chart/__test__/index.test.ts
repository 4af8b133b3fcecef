import { fakeCanvas, serveCanvas, type FakeCanvas } from '../../../test-support/canvas-node';
import { aDashboard } from '../../../test-support/dashboard';
import { marksIn, recordingContext, type RecordingContext } from '../../../test-support/recording-context';
import { loadComponent, mountHost, textOf, find, type Rendered } from '../../../test-support/simulate';
import { appealsByStatusChart, colourSeriesChart, followUpsChart, PASS_COLOURS, type ChartConfig } from '../../../utils/chart-series';
import * as simulate from 'miniprogram-simulate';

jest.mock('@qiun/ucharts', () => jest.requireActual('../../../test-support/ucharts').uChartsModule());

/** The canvas's CSS size as WeChat's SelectorQuery reports it (full width, 480rpx high on a 375-pixel screen). */
const CSS = { width: 343, height: 240 };

let chartId: string;

beforeAll(() => {
  chartId = loadComponent('components/chart/index', 'tx-chart');
});

function mountWithCanvas(): { host: Rendered; canvas: FakeCanvas<RecordingContext>; queried: string[] } {
  const canvas = fakeCanvas(() => recordingContext());
  const host = mountHost({
    template: '<tx-chart id="chart" config="{{config}}" label="{{label}}" />',
    usingComponents: { 'tx-chart': chartId },
    data: { config: null, label: '' },
  });
  const queried = serveCanvas(find(host, '#chart').instance as WechatMiniprogram.Component.TrivialInstance, canvas, CSS);
  return { host, canvas, queried };
}

/** uCharts draws on a timer even without animation (its Animation runs one step after 17 ms). */
async function drawn(config: ChartConfig, host: Rendered): Promise<void> {
  host.setData({ config });
  await simulate.sleep(40);
}

describe('tx-chart', () => {
  test('sizes the canvas in device pixels and draws a stacked column chart: bars in the pass colours, day labels', async () => {
    const { host, canvas, queried } = mountWithCanvas();
    await drawn(colourSeriesChart(aDashboard()), host);

    const pixelRatio = wx.getWindowInfo().pixelRatio;
    expect(queried).toEqual(['#chart node,size']);
    expect([canvas.width, canvas.height]).toEqual([Math.round(CSS.width * pixelRatio), Math.round(CSS.height * pixelRatio)]);
    const [context] = canvas.painted;
    for (const colour of Object.values(PASS_COLOURS)) {
      const bars = marksIn(context, colour);
      // Three days' bars (and a legend swatch), inside the canvas.
      expect(bars.length).toBeGreaterThanOrEqual(3);
      for (const bar of bars) {
        expect(bar.box.left).toBeGreaterThanOrEqual(0);
        expect(bar.box.right).toBeLessThanOrEqual(canvas.width);
        expect(bar.box.bottom).toBeLessThanOrEqual(canvas.height);
      }
    }
    // Green sits at the bottom of each stack, so its bars reach lower than the red ones on top of them.
    const lowest = (colour: string) => Math.max(...marksIn(context, colour).map((mark) => mark.box.bottom));
    const highest = (colour: string) => Math.min(...marksIn(context, colour).map((mark) => mark.box.top));
    expect(highest(PASS_COLOURS.red)).toBeLessThan(highest(PASS_COLOURS.green));
    expect(lowest(PASS_COLOURS.green)).toBeGreaterThan(canvas.height / 2);
    const texts = context.marks.filter((mark) => mark.kind === 'text').map((mark) => mark.text);
    expect(texts).toEqual(expect.arrayContaining(['2/27', '2/28', '3/1', '绿码', '黄码', '红码']));
  });

  test('draws a ring with one slice per status, each in its own colour', async () => {
    const { host, canvas } = mountWithCanvas();
    const config = appealsByStatusChart(aDashboard());
    await drawn(config, host);

    const [context] = canvas.painted;
    for (const colour of config.color ?? []) expect(marksIn(context, colour).length).toBeGreaterThan(0);
    const texts = context.marks.filter((mark) => mark.kind === 'text').map((mark) => mark.text);
    expect(texts).toEqual(expect.arrayContaining(['待受理', '已通过']));
  });

  test('draws again, on a fresh context, when the figures change', async () => {
    const { host, canvas } = mountWithCanvas();
    await drawn(followUpsChart(aDashboard()), host);
    await drawn(followUpsChart(aDashboard({ followUps: { open: 40, closed: 2 } })), host);

    expect(canvas.painted).toHaveLength(2);
    const texts = canvas.painted[1].marks.filter((mark) => mark.kind === 'text').map((mark) => mark.text);
    expect(texts).toEqual(expect.arrayContaining(['待随访', '已结案']));
  });

  test('draws nothing without figures, and shows its label in words', async () => {
    const { host, canvas, queried } = mountWithCanvas();
    host.setData({ label: '待随访 4 件，已结案 9 件' });
    await simulate.sleep(40);

    expect(queried).toEqual([]);
    expect(canvas.painted).toEqual([]);
    expect(textOf(find(host, '#chart >>> .tx-chart__label'))).toBe('待随访 4 件，已结案 9 件');
  });
});
