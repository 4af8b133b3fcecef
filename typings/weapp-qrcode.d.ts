/**
 * weapp-qrcode 1.0.0 ships no types. Only what miniprogram/utils/qr-painter.ts uses is declared: drawing
 * through a caller's `ctx` (never `canvasId`, which makes the library call the deprecated
 * wx.createCanvasContext), with an explicit version and error correction level.
 */
declare module 'weapp-qrcode' {
  namespace drawQrcode {
    /** The four methods of the legacy CanvasContext the library calls: any object that has them will do. */
    interface LegacyCanvasContext {
      setFillStyle(colour: string): void;
      fillRect(x: number, y: number, width: number, height: number): void;
      /** Called only when `image.imageResource` is set. */
      drawImage?(resource: string, dx: number, dy: number, width: number, height: number): void;
      draw(reserve?: boolean, callback?: () => void): void;
    }

    interface Options {
      ctx: LegacyCanvasContext;
      /** Encoded as UTF-8 (UTF-16 unit by unit) in byte mode, the only mode the library has. */
      text: string;
      /** Size of the symbol without any quiet zone (the library draws none); keep width equal to height. */
      width: number;
      height: number;
      x?: number;
      y?: number;
      /** QR version 1 to 40; -1 lets the library pick the smallest that fits. */
      typeNumber?: number;
      /** The spec's bit values, not 0 to 3 in order: L 1, M 0, Q 3, H 2 (the library's default). */
      correctLevel?: 0 | 1 | 2 | 3;
      background?: string;
      foreground?: string;
    }
  }

  function drawQrcode(options: drawQrcode.Options): void;
  export = drawQrcode;
}
