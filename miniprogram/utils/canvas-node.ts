/** A `<canvas type="2d">` node as found, with its CSS size and the screen's pixel ratio to size it by. */
export interface FoundCanvas {
  canvas: WechatMiniprogram.Canvas;
  width: number;
  height: number;
  pixelRatio: number;
}

/**
 * Finds the `<canvas type="2d">` matching `selector` in a component and hands it to `paint` (Canvas 2D, not the
 * deprecated wx.createCanvasContext). Nothing happens without a node: there is none before the first layout
 * (an observer may fire first, and draws again later), and none in miniprogram-simulate.
 */
export function withCanvas(component: WechatMiniprogram.Component.TrivialInstance, selector: string, paint: (found: FoundCanvas) => void): void {
  component
    .createSelectorQuery()
    .select(selector)
    .fields({ node: true, size: true })
    .exec(([found]: Array<{ node?: WechatMiniprogram.Canvas; width: number; height: number } | null>) => {
      if (!found?.node) return;
      paint({ canvas: found.node, width: found.width, height: found.height, pixelRatio: wx.getWindowInfo().pixelRatio });
    });
}
