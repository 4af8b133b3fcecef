/**
 * A Canvas 2D context that paints into an RGBA bitmap, so a test can hand what the QR painter drew to a real
 * decoder (jsQR). It knows the two members the painter uses: fillStyle as #rrggbb, and fillRect.
 */
import type { FillContext } from '../utils/qr-painter';

export interface Bitmap {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface BitmapContext extends FillContext {
  bitmap: Bitmap;
  fillRectCalls: number;
}

/** A square bitmap of `size` pixels, transparent black until painted (so unpainted pixels do not pass as quiet zone). */
export function bitmapContext(size: number): BitmapContext {
  const bitmap: Bitmap = { data: new Uint8ClampedArray(size * size * 4), width: size, height: size };
  let rgba = [0, 0, 0, 255];
  let fillStyle = '#000000';
  const context: BitmapContext = {
    bitmap,
    fillRectCalls: 0,
    get fillStyle(): string {
      return fillStyle;
    },
    set fillStyle(value: unknown) {
      const match = typeof value === 'string' ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value) : null;
      if (!match) throw new Error(`bitmapContext takes #rrggbb colours, not ${String(value)}`);
      fillStyle = value as string;
      rgba = [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16), 255];
    },
    fillRect(x: number, y: number, width: number, height: number): void {
      context.fillRectCalls++;
      const left = Math.max(0, Math.round(x));
      const top = Math.max(0, Math.round(y));
      const right = Math.min(size, Math.round(x + width));
      const bottom = Math.min(size, Math.round(y + height));
      for (let row = top; row < bottom; row++) {
        for (let column = left; column < right; column++) bitmap.data.set(rgba, (row * size + column) * 4);
      }
    },
  };
  return context;
}

/** The colour of one pixel as #rrggbb, or 'unpainted'. */
export function pixelAt(bitmap: Bitmap, x: number, y: number): string {
  const offset = (y * bitmap.width + x) * 4;
  if (bitmap.data[offset + 3] === 0) return 'unpainted';
  return `#${Array.from(bitmap.data.subarray(offset, offset + 3), (channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}
