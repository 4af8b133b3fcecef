import fs from 'node:fs';
import path from 'node:path';
import { parseIdNumber } from '../../cloudfunctions/shared/domain/id-number';
import { colourChangedNotice } from '../../cloudfunctions/shared/domain/notification';
import { parseFeedPartners } from '../../cloudfunctions/shared/domain/feed-partners';
import { ROOT } from '../../scripts/lib/cloudbaserc';
import { signedFeedEvent } from '../support/feeds';
import { syntheticIdNumber } from '../support/people';
import { usePreview, type Preview } from '../support/preview';

/**
 * The mini-program end to end, in the browser preview: the real pages in Chromium, calling the built functions
 * of a local CloudBase as the identity chosen in the preview. Each test taps and types as a person would.
 */
const preview = usePreview();

/** An ID number of the right shape whose check digit is wrong: only the server can tell. */
function withWrongCheckDigit(idNumber: string): string {
  return idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');
}

/** A pass for `openid` and the photo on file for it (an identity record pushed by the partner that sends them). */
async function passWithPhoto(app: Preview, openid: string, name: string, idNumber: string): Promise<void> {
  const { runtime } = app;
  const applied = (await runtime.invoke('resident', { action: 'apply', name, idNumber }, { openid })) as { ok: boolean };
  expect(applied.ok).toBe(true);
  const partner = [...parseFeedPartners(process.env.FEED_PARTNERS).values()].find((candidate) => candidate.sources.includes('identity'));
  if (!partner) throw new Error('no partner may push identity records');
  const photo = { contentType: 'image/png', base64: fs.readFileSync(path.join(ROOT, 'samples/feed/photos/portrait.png')).toString('base64') };
  const payload = { source: 'identity', records: [{ recordId: `photo-${idNumber}`, version: 1, idNumber, name, photo }] };
  const answer = (await runtime.invoke('feed', signedFeedEvent(partner, payload, new Date()), {})) as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
}

/** The demo guard's scanner, open: 首页 → 扫码查验 → the scan button. */
async function openGuardScanner(app: Preview): Promise<void> {
  const { top } = app;
  await app.openAs('o-demo-guard');
  await top.getByRole('button', { name: '扫码查验' }).tap();
  await top.getByText('查验点：幸福小区东门').waitFor();
  await top.getByRole('button', { name: '扫码查验' }).tap();
}

test('a new WeChat user applies with their ID number and sees a green pass on 我的通行证', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAsNewUser();
  await top.getByText('您还没有通行证').waitFor();
  await top.getByRole('button', { name: '申领通行证' }).tap();
  await top.getByText('申领须知').waitFor();
  await app.screenshot('apply');

  await top.locator('#name').fill('林晓文');
  await top.locator('#id-number').fill(syntheticIdNumber(701));
  await top.getByRole('button', { name: '提交申请' }).tap();

  const card = top.locator('[class*="tx-pass-card--green"]');
  await card.waitFor();
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('我的通行证');
  expect(await card.getByText('绿码').isVisible()).toBe(true);
  expect(await card.getByText('林*文').isVisible()).toBe(true);
  // Green in colour as well as in words: the frame people see from across a gate.
  expect(await card.evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).borderTopColor)).toBe('rgb(27, 127, 59)');
  await app.screenshot('my-pass');

  // Back on 首页 the pass shows in brief.
  await phone.getByRole('button', { name: '返回' }).tap();
  await top.getByText('林*文').waitFor();
  await app.screenshot('home');
});

test('a wrong ID number is refused beside the field, in Chinese, and the person stays on the form', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAsNewUser();
  await top.getByRole('button', { name: '申领通行证' }).tap();
  const wrong = withWrongCheckDigit(syntheticIdNumber(702));
  await top.locator('#name').fill('林晓文');
  await top.locator('#id-number').fill(wrong);
  await top.getByRole('button', { name: '提交申请' }).tap();

  const parsed = parseIdNumber(wrong, '2000-01-01');
  if (parsed.ok) throw new Error('the wrong ID number parsed');
  await top.getByText(parsed.message).waitFor();
  expect(parsed.message).toMatch(/^[\u3000-\u9fff0-9，。（）]+$/);
  expect(await top.locator('#id-number').inputValue()).toBe(wrong);
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('申领通行证');
});

test('staff find no pass for an ID number and issue a printed pass', async () => {
  const app = preview();
  const { top } = app;
  await app.openAs('o-demo-staff');
  await top.getByText('纸质通行证', { exact: true }).tap();
  await top.getByText('查找通行证').waitFor();

  await top.locator('#id-number').fill(syntheticIdNumber(703));
  await top.locator('#search-reason').fill('居民到柜台办理纸质通行证');
  await top.getByRole('button', { name: '查找' }).tap();
  await top.getByText('未找到此身份证号码的通行证').waitFor();

  await top.locator('#name').fill('周桂兰');
  await top.locator('#issue-reason').fill('老人无智能手机');
  await top.getByRole('button', { name: '办理纸质通行证' }).tap();

  // Staff see the full name; the card the pass is printed on is listed with it.
  await top.getByText('周桂兰', { exact: true }).waitFor();
  expect(await top.getByText('未找到此身份证号码的通行证').count()).toBe(0);
  expect(await top.locator('[class*="tx-pass-card--green"]').getByText('周*兰').isVisible()).toBe(true);
  await app.screenshot('staff-passes');
});

test("a resident's code, screenshotted and handed to the guard's scanner, shows 通行 with the resident's photo", async () => {
  const app = preview();
  const { phone, top } = app;
  const resident = await app.openAsNewUser();
  await passWithPhoto(app, resident, '陈美玲', syntheticIdNumber(704));
  await app.openAs(resident);
  await top.getByRole('button', { name: '我的通行码' }).tap();
  // The QR is drawn on the page's <canvas type="2d"> once the code has arrived.
  await top.locator('canvas').waitFor();
  const code = await app.screenshot('code');

  await openGuardScanner(app);
  // No camera: the scanner takes a picture of the code, decoded in the page.
  await phone.getByText('选择二维码图片').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: code });

  await top.getByText('通行', { exact: true }).waitFor();
  expect(await top.getByText('陈*玲').isVisible()).toBe(true);
  // The photo on file, from cloud storage (a cloud:// file id), so the guard can compare it with the face.
  const photo = top.locator('[class*="tx-guard__photo"] img');
  const loadedWidth = await photo.evaluate((image) => {
    const picture = image as unknown as { decode(): Promise<void>; naturalWidth: number };
    return picture.decode().then(() => picture.naturalWidth);
  });
  expect(loadedWidth).toBeGreaterThan(0);
  await app.screenshot('guard-verdict');
});

test("a QR code that is not ours, pasted into the guard's scanner, shows 不是通行码", async () => {
  const app = preview();
  const { phone, top } = app;
  await openGuardScanner(app);
  await phone.getByLabel('二维码里的文字').fill('https://shop.example.com/coupon/8f14e45f');
  await phone.getByRole('button', { name: '使用这段文字' }).tap();
  await top.getByText('不是通行码', { exact: true }).waitFor();
});

test('the preview lists the notifications recorded for the identity it shows', async () => {
  const app = preview();
  // The demo's 李华 turned yellow when the seed pushed her arrival from a key area.
  await app.openAs('o-demo-resident-2');
  const { title } = colourChangedNotice('o-demo-resident-2', 'green', 'yellow', '', new Date());
  const notice = app.page.locator('#notifications').getByText(title);
  await notice.waitFor();
  // Another identity, another phone: her notice is not his.
  await app.openAs('o-demo-resident-1');
  await notice.waitFor({ state: 'detached' });
});
