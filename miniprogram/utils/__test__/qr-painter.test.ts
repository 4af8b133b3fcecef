import { randomBytes } from 'node:crypto';
import jsQR from 'jsqr';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, QR_VERSION_BUDGET, tokenUrl } from '../../../cloudfunctions/shared/domain/token';
import { bitmapContext, pixelAt } from '../../test-support/bitmap-context';
import { paintQr, QUIET_ZONE_MODULES } from '../qr-painter';

const PREFIX = 'https://txm.example.cn/v/';
const { signing } = parseKeyRing(generateSigningKeyConfig('0001'));

/** A phone code as the server issues it: a pass id of 16 random bytes (newPassId), three minutes of life. */
function realCodeUrl(colour: 'green' | 'yellow' | 'red' = 'green'): string {
  const issuedAt = Math.floor(Date.now() / 1000);
  const passRef = randomBytes(16).toString('base64url');
  return tokenUrl(PREFIX, encodeToken({ passRef, issuedAt, expiresAt: issuedAt + 180, colour, kind: 'code' }, signing));
}

describe('paintQr', () => {
  test.each(['green', 'yellow', 'red'] as const)('a real %s code URL decodes back exactly, at version 8 or lower', (colour) => {
    const url = realCodeUrl(colour);
    const ctx = bitmapContext(600);

    const painted = paintQr(ctx, url, 600);

    expect(painted.version).toBeLessThanOrEqual(QR_VERSION_BUDGET);
    expect(painted.moduleCount).toBe(painted.version * 4 + 17);
    expect(jsQR(ctx.bitmap.data, 600, 600)?.data).toBe(url);
  });

  test('draws the version it computed (jsQR reads the same version) with whole pixels a module', () => {
    const url = realCodeUrl();
    const ctx = bitmapContext(570);

    const painted = paintQr(ctx, url, 570);

    expect(jsQR(ctx.bitmap.data, 570, 570)?.version).toBe(painted.version);
    expect(painted.modulePixels).toBe(Math.floor(570 / (painted.moduleCount + 2 * QUIET_ZONE_MODULES)));
    // One background fill, then weapp-qrcode's one rectangle per module: no module was skipped or doubled.
    expect(ctx.fillRectCalls).toBe(1 + painted.moduleCount ** 2);
  });

  test('leaves a white quiet zone of at least 4 modules on every side, and paints every pixel', () => {
    const ctx = bitmapContext(500);
    const { moduleCount, modulePixels } = paintQr(ctx, realCodeUrl(), 500);
    const quiet = QUIET_ZONE_MODULES * modulePixels;
    const offset = Math.floor((500 - moduleCount * modulePixels) / 2);
    expect(offset).toBeGreaterThanOrEqual(quiet);

    for (let along = 0; along < 500; along++) {
      for (let into = 0; into < offset; into++) {
        expect([pixelAt(ctx.bitmap, along, into), pixelAt(ctx.bitmap, into, along), pixelAt(ctx.bitmap, along, 499 - into), pixelAt(ctx.bitmap, 499 - into, along)]).toEqual([
          '#ffffff',
          '#ffffff',
          '#ffffff',
          '#ffffff',
        ]);
      }
    }
    // The finder pattern's dark corner starts right where the quiet zone ends.
    expect(pixelAt(ctx.bitmap, offset, offset)).toBe('#000000');
  });

  test('stays decodable on a small canvas (one 240-pixel square, as on a low-density phone)', () => {
    const url = realCodeUrl();
    const ctx = bitmapContext(240);

    expect(paintQr(ctx, url, 240).modulePixels).toBeGreaterThanOrEqual(4);
    expect(jsQR(ctx.bitmap.data, 240, 240)?.data).toBe(url);
  });

  test('refuses a square too small for one pixel a module, and a text no QR code holds', () => {
    expect(() => paintQr(bitmapContext(40), realCodeUrl(), 40)).toThrow(RangeError);
    expect(() => paintQr(bitmapContext(100), 'x'.repeat(2332), 100)).toThrow('too long');
  });
});
