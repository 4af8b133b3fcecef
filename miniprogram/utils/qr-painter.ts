import drawQrcode from 'weapp-qrcode';
import { qrVersionByteModeM } from './shared-token';

/**
 * The part of a Canvas 2D context the painter uses. WeChat's `<canvas type="2d">` context has it, and so does
 * a test's bitmap; fillStyle is `unknown` because WeChat's also takes gradients, and the painter only writes it.
 */
export interface FillContext {
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
}

/** White modules around the symbol that scanners need to find it (ISO/IEC 18004 asks for 4); weapp-qrcode draws none. */
export const QUIET_ZONE_MODULES = 4;

/** weapp-qrcode's code for level M (the spec's bit value): the level the QR budget is set at (DESIGN.md, Budgets). */
const CORRECT_LEVEL_M = 0;

const LIGHT = '#ffffff';
const DARK = '#000000';

export interface PaintedQr {
  version: number;
  /** Modules per side of the symbol, without the quiet zone. */
  moduleCount: number;
  /** Canvas pixels per module: whole, so every module edge falls on a pixel edge and stays sharp. */
  modulePixels: number;
}

/**
 * Paints `text` as a QR code (byte mode, level M, the smallest version that holds it) centred on a white square
 * of `sizePixels` canvas pixels, with at least a 4-module quiet zone. The version is computed here and passed
 * to weapp-qrcode, which cannot say which one it chose. Throws a RangeError when the text does not fit or the
 * square is too small for one pixel a module.
 */
export function paintQr(ctx: FillContext, text: string, sizePixels: number): PaintedQr {
  const version = qrVersionByteModeM(text);
  if (version === null) throw new RangeError('text is too long for a QR code at level M');
  const moduleCount = version * 4 + 17;
  const modulePixels = Math.floor(sizePixels / (moduleCount + 2 * QUIET_ZONE_MODULES));
  if (modulePixels < 1) throw new RangeError(`a version ${version} QR code needs at least ${moduleCount + 2 * QUIET_ZONE_MODULES} pixels a side`);
  const symbolPixels = moduleCount * modulePixels;
  // What whole pixels leave over goes into the quiet zone, split evenly.
  const offset = Math.floor((sizePixels - symbolPixels) / 2);

  ctx.fillStyle = LIGHT;
  ctx.fillRect(0, 0, sizePixels, sizePixels);
  drawQrcode({
    ctx: legacyContextOn(ctx),
    text,
    width: symbolPixels,
    height: symbolPixels,
    x: offset,
    y: offset,
    typeNumber: version,
    correctLevel: CORRECT_LEVEL_M,
    background: LIGHT,
    foreground: DARK,
  });
  return { version, moduleCount, modulePixels };
}

/** The legacy CanvasContext weapp-qrcode calls, drawing on a Canvas 2D context instead. */
function legacyContextOn(ctx: FillContext): drawQrcode.LegacyCanvasContext {
  return {
    setFillStyle: (colour) => {
      ctx.fillStyle = colour;
    },
    fillRect: (x, y, width, height) => ctx.fillRect(x, y, width, height),
    // A Canvas 2D context has drawn each rectangle already: there is nothing to flush.
    draw: () => undefined,
  };
}
