import jsQR from 'jsqr';
import { bitmapContext, type BitmapContext } from '../../../test-support/bitmap-context';
import { fakeCanvas, serveCanvas, type FakeCanvas } from '../../../test-support/canvas-node';
import { loadComponent, mountHost, settle, type Rendered } from '../../../test-support/simulate';

const URL_A = 'https://txm.example.cn/v/AQABEGlVuQABLAl0nFto3cJmg_nU3I-GgWtUB82fCjXDCGxNkpMShjZHR1hv2Y_hhVy8mFlReNVJsQHS00rmWpTWVdzO4alGj3eyN-Z87TpctIPCpa4BC3Vq';
const URL_B = 'https://txm.example.cn/v/AQAAAmlVuQABLGRlbW8ucGFzcy40MigGfOA82QiuijJK-MKRq5n8YmR7REsmBUsCeen4XVwy7MvsbR4e_aX9qyEhV5T3lygR6F2KS-EIC35wcelZL9M';
/** The canvas's CSS size as WeChat's SelectorQuery reports it (560rpx on a 375-pixel-wide screen). */
const CSS_SIDE = 280;

let qrCodeId: string;

beforeAll(() => {
  qrCodeId = loadComponent('components/qr-code/index', 'tx-qr-code');
});

/** Renders a host with the QR component, its canvas node served by a SelectorQuery stand-in (simulate has no canvas). */
function mountWithCanvas(text: string): { host: Rendered; canvas: FakeCanvas<BitmapContext>; queried: string[] } {
  const canvas = fakeCanvas((size) => bitmapContext(size.width));
  const host = mountHost({ template: '<tx-qr-code id="code" text="{{text}}" />', usingComponents: { 'tx-qr-code': qrCodeId }, data: { text: '' } });
  const qrCode = host.querySelector('#code')?.instance as WechatMiniprogram.Component.TrivialInstance;
  const queried = serveCanvas(qrCode, canvas, { width: CSS_SIDE, height: CSS_SIDE });
  host.setData({ text });
  return { host, canvas, queried };
}

describe('tx-qr-code', () => {
  test('draws the text on the canvas node at device pixels, and the drawing decodes back to it', async () => {
    const { canvas, queried } = mountWithCanvas(URL_A);
    await settle();

    expect(queried).toEqual(['#qr node,size']);
    const pixelRatio = wx.getWindowInfo().pixelRatio;
    expect([canvas.width, canvas.height]).toEqual([CSS_SIDE * pixelRatio, CSS_SIDE * pixelRatio]);
    const [drawn] = canvas.painted;
    expect(jsQR(drawn.bitmap.data, canvas.width, canvas.height)?.data).toBe(URL_A);
  });

  test('draws again when the text changes (a refreshed code)', async () => {
    const { host, canvas } = mountWithCanvas(URL_A);
    await settle();

    host.setData({ text: URL_B });
    await settle();

    const latest = canvas.painted.at(-1) as BitmapContext;
    expect(jsQR(latest.bitmap.data, canvas.width, canvas.height)?.data).toBe(URL_B);
  });

  test('draws nothing while the text is empty, and nothing without a canvas node', async () => {
    const { canvas, queried } = mountWithCanvas('');
    await settle();
    expect(queried).toEqual([]);
    expect(canvas.painted).toEqual([]);

    // miniprogram-simulate's own SelectorQuery answers without a node, as WeChat does before the first layout.
    const host = mountHost({ template: `<tx-qr-code id="code" text="${URL_A}" />`, usingComponents: { 'tx-qr-code': qrCodeId } });
    await settle();
    expect(host.querySelector('#code >>> #qr')).toBeDefined();
  });
});
