/** The part of uCharts 2.5 (@qiun/ucharts, shipped without types) that components/chart uses. */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: string;
    /** A Canvas 2D context (canvas2d: true) or a legacy CanvasContext. */
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    canvas2d?: boolean;
    animation?: boolean;
    background?: string;
    fontSize?: number;
    padding?: number[];
    categories?: string[];
    series: unknown[];
    color?: string[];
    legend?: Record<string, unknown>;
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  }

  export default class UCharts {
    constructor(options: UChartsOptions);
  }
}
