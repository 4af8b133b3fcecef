import type { Preview } from './preview';

/** The open account's code as a person screenshots it, once its QR is drawn on the page's <canvas type="2d">. */
export async function screenshotCode(app: Preview, name?: string): Promise<Buffer> {
  await app.top.locator('canvas').waitFor();
  return app.screenshot(name);
}

/** The demo guard's scanner, open: 首页 → 扫码查验 → the scan button. */
export async function openGuardScanner(app: Preview): Promise<void> {
  const { top } = app;
  await app.openAs('o-demo-guard');
  await top.getByRole('button', { name: '扫码查验' }).tap();
  await top.getByText('查验点：幸福小区东门').waitFor();
  await top.getByRole('button', { name: '扫码查验' }).tap();
}

/** Hands a picture of a code to the demo guard's scanner: no camera, so the scanner takes a picture, decoded in the page. */
export async function scanAsGuard(app: Preview, picture: Buffer): Promise<void> {
  await openGuardScanner(app);
  await app.phone.getByText('选择二维码图片').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: picture });
}
