/**
 * A `<canvas type="2d">` node as WeChat hands it over, for components that paint on one (qr-code, chart):
 * miniprogram-simulate's SelectorQuery answers without a node, so the test serves this one instead.
 */
export interface FakeCanvas<Context> {
  width: number;
  height: number;
  /** Every context handed out, in order: a redraw takes a new one. */
  painted: Context[];
  getContext(): Context;
}

/** A canvas at WeChat's default size whose contexts come from `makeContext`, given the size set by then. */
export function fakeCanvas<Context>(makeContext: (canvas: { width: number; height: number }) => Context): FakeCanvas<Context> {
  const canvas: FakeCanvas<Context> = {
    width: 300,
    height: 150,
    painted: [],
    getContext(): Context {
      const context = makeContext(canvas);
      canvas.painted.push(context);
      return context;
    },
  };
  return canvas;
}

/**
 * Makes `component`'s SelectorQuery find `canvas` with the CSS size WeChat would report; returns the queries
 * made ("#qr node,size"), so a test can check the component asked for the node and its size.
 */
export function serveCanvas(component: WechatMiniprogram.Component.TrivialInstance, canvas: object, cssSize: { width: number; height: number }): string[] {
  const queried: string[] = [];
  component.createSelectorQuery = () =>
    ({
      select: (selector: string) => ({
        fields: (fields: Record<string, boolean>) => ({
          exec: (callback: (answers: unknown[]) => void) => {
            queried.push(`${selector} ${Object.keys(fields).join(',')}`);
            callback([{ node: canvas, ...cssSize }]);
          },
        }),
      }),
    }) as unknown as WechatMiniprogram.SelectorQuery;
  return queried;
}
