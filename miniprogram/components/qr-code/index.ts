import { redrawsOn } from '../../behaviors/redraws';
import { withCanvas } from '../../utils/canvas-node';
import { paintQr } from '../../utils/qr-painter';

/**
 * A QR code drawn on a `<canvas type="2d">` (not the deprecated wx.createCanvasContext): weapp-qrcode paints
 * through utils/qr-painter.ts's adapter, in device pixels (the canvas is sized by the pixel ratio), so the
 * modules stay sharp. Drawn when ready and again whenever `text` changes (a refreshed code).
 */
Component({
  // A new size is a new canvas size: the bitmap is painted again at the new resolution.
  behaviors: [redrawsOn('text, size')],
  properties: {
    text: { type: String, value: '' },
    /** 'large' in 长辈模式, 'normal' otherwise. */
    size: { type: String, value: 'normal' },
  },
  methods: {
    draw(): void {
      const { text } = this.data;
      if (text === '') return;
      withCanvas(this, '#qr', ({ canvas, width, height, pixelRatio }) => {
        const side = Math.round(Math.min(width, height) * pixelRatio);
        canvas.width = side;
        canvas.height = side;
        paintQr(canvas.getContext('2d'), text, side);
      });
    },
  },
});
