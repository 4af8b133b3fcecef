import UCharts from '@qiun/ucharts';
import { redrawsOn } from '../../behaviors/redraws';
import { withCanvas } from '../../utils/canvas-node';
import type { ChartConfig } from '../../utils/chart-series';

/** Type a staff member reads at arm's length, in CSS pixels (uCharts scales it by the pixel ratio). */
const FONT_SIZE = 14;

/**
 * A chart drawn by uCharts on a `<canvas type="2d">` node, obtained and sized as components/qr-code does: in
 * device pixels (the canvas is sized by the pixel ratio, and uCharts told the ratio), so lines and text stay
 * sharp. Drawn when ready and again whenever `config` changes; `label` says in words what the chart shows,
 * for screen readers and for anyone who reads figures more easily than bars.
 */
Component({
  behaviors: [redrawsOn('config')],
  properties: {
    config: { type: Object, value: null },
    label: { type: String, value: '' },
  },
  methods: {
    draw(): void {
      const config = this.data.config as ChartConfig | null;
      if (!config) return;
      withCanvas(this, '#chart', ({ canvas, width, height, pixelRatio }) => {
        canvas.width = Math.round(width * pixelRatio);
        canvas.height = Math.round(height * pixelRatio);
        // A new chart for new figures: uCharts clears the canvas and draws everything again.
        new UCharts({
          ...config,
          context: canvas.getContext('2d'),
          width: canvas.width,
          height: canvas.height,
          pixelRatio,
          canvas2d: true,
          animation: false,
          background: '#FFFFFF',
          fontSize: FONT_SIZE,
          padding: [16, 16, 8, 8],
          legend: { show: true, position: 'bottom', fontSize: FONT_SIZE },
          xAxis: { fontSize: FONT_SIZE - 2, disableGrid: true },
          yAxis: { gridType: 'dash', data: [{ min: 0 }] },
        });
      });
    },
  },
});
