/** What a component using redrawsOn provides: painting its canvas from its data (with utils/canvas-node.ts). */
interface Drawer {
  draw(): void;
}

/**
 * For components that paint a `<canvas type="2d">` (components/chart, components/qr-code): draw() when ready and
 * again whenever `fields` change, written as an observers key ('text, size'). The observer may fire before the
 * first layout, when there is no canvas node yet; ready draws then.
 */
export function redrawsOn(fields: string): string {
  const draw = function (this: unknown): void {
    // The component's own draw: a behavior cannot declare the methods of the components that use it.
    (this as Drawer).draw();
  };
  return Behavior({
    observers: { [fields]: draw },
    lifetimes: { ready: draw },
  });
}
