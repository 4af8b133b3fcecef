/**
 * j-component makes `tap` only from touchstart/touchend, so on a desktop a mouse click reaches no page handler.
 * Within `root`, a left mouse press becomes touchstart, a move touchmove and the release touchend, dispatched on
 * the element pressed, as a finger's would be. Mouse events the browser makes up after a real touch (they say
 * so in sourceCapabilities) are left alone, or a tap on a touch screen would count twice.
 */
export function translateMouseToTouch(root: HTMLElement): void {
  let pressed: Element | null = null;

  const firedByTouch = (event: MouseEvent) =>
    (event as MouseEvent & { sourceCapabilities?: { firesTouchEvents?: boolean } }).sourceCapabilities?.firesTouchEvents === true;

  // A plain Event carrying the touch lists: desktop Chromium has no TouchEvent without a touch screen.
  const dispatch = (type: string, target: Element, event: MouseEvent, down: boolean) => {
    const touch = { identifier: 1, target, clientX: event.clientX, clientY: event.clientY, pageX: event.pageX, pageY: event.pageY, screenX: event.screenX, screenY: event.screenY };
    const synthetic = new Event(type, { bubbles: true, cancelable: true, composed: true });
    Object.defineProperties(synthetic, {
      touches: { value: down ? [touch] : [] },
      targetTouches: { value: down ? [touch] : [] },
      changedTouches: { value: [touch] },
    });
    target.dispatchEvent(synthetic);
  };

  root.addEventListener('mousedown', (event) => {
    if (event.button !== 0 || firedByTouch(event) || !(event.target instanceof Element)) return;
    pressed = event.target;
    dispatch('touchstart', pressed, event, true);
  });
  root.addEventListener('mousemove', (event) => {
    if (pressed && !firedByTouch(event)) dispatch('touchmove', pressed, event, true);
  });
  window.addEventListener('mouseup', (event) => {
    if (!pressed || firedByTouch(event)) return;
    dispatch('touchend', pressed, event, false);
    pressed = null;
  });
}
