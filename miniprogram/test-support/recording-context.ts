/**
 * A Canvas 2D context that records what was painted, for charts: each fill, stroke and text with its colour
 * and where it landed (the bounding box of the path, translations applied; rotations are ignored, so boxes of
 * rotated text are approximate). jsdom has no canvas, and a chart is checked by what it drew where, not pixels.
 */
export interface Mark {
  kind: 'fill' | 'stroke' | 'text';
  style: string;
  /** The text drawn, '' for shapes. */
  text: string;
  box: { left: number; top: number; right: number; bottom: number };
}

export interface RecordingContext {
  marks: Mark[];
  [member: string]: unknown;
}

export function recordingContext(): RecordingContext {
  let points: Array<[number, number]> = [];
  let offset: [number, number] = [0, 0];
  const saved: Array<[number, number]> = [];
  const marks: Mark[] = [];
  const at = (x: number, y: number) => points.push([x + offset[0], y + offset[1]]);
  const boxOf = (list: Array<[number, number]>) => ({
    left: Math.min(...list.map(([x]) => x)),
    top: Math.min(...list.map(([, y]) => y)),
    right: Math.max(...list.map(([x]) => x)),
    bottom: Math.max(...list.map(([, y]) => y)),
  });
  const paint = (kind: 'fill' | 'stroke', style: unknown) => {
    if (points.length > 0) marks.push({ kind, style: String(style), text: '', box: boxOf(points) });
  };
  const gradient = () => ({ addColorStop: () => undefined });
  const context: RecordingContext = {
    marks,
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    globalAlpha: 1,
    beginPath: () => {
      points = [];
    },
    closePath: () => undefined,
    moveTo: at,
    lineTo: at,
    quadraticCurveTo: (_cx: number, _cy: number, x: number, y: number) => at(x, y),
    bezierCurveTo: (_a: number, _b: number, _c: number, _d: number, x: number, y: number) => at(x, y),
    arc: (x: number, y: number, radius: number) => {
      at(x - radius, y - radius);
      at(x + radius, y + radius);
    },
    rect: (x: number, y: number, width: number, height: number) => {
      at(x, y);
      at(x + width, y + height);
    },
    fill: () => paint('fill', context.fillStyle),
    stroke: () => paint('stroke', context.strokeStyle),
    fillRect: (x: number, y: number, width: number, height: number) => {
      const [dx, dy] = offset;
      marks.push({ kind: 'fill', style: String(context.fillStyle), text: '', box: boxOf([[x + dx, y + dy], [x + dx + width, y + dy + height]]) });
    },
    clearRect: () => undefined,
    fillText: (text: string, x: number, y: number) => {
      const [dx, dy] = offset;
      marks.push({ kind: 'text', style: String(context.fillStyle), text: String(text), box: boxOf([[x + dx, y + dy]]) });
    },
    strokeText: () => undefined,
    measureText: (text: string) => ({ width: String(text).length * (parseFloat(String(context.font)) || 10) * 0.6 }),
    save: () => saved.push([...offset]),
    restore: () => {
      offset = saved.pop() ?? [0, 0];
    },
    translate: (x: number, y: number) => {
      offset = [offset[0] + x, offset[1] + y];
    },
    rotate: () => undefined,
    setLineDash: () => undefined,
    createLinearGradient: gradient,
    createRadialGradient: gradient,
    createCircularGradient: gradient,
  };
  return context;
}

/** The marks painted in one colour (compared without case: uCharts passes colours as it was given them). */
export function marksIn(context: RecordingContext, style: string, kind: Mark['kind'] = 'fill'): Mark[] {
  return context.marks.filter((mark) => mark.kind === kind && mark.style.toLowerCase() === style.toLowerCase());
}
