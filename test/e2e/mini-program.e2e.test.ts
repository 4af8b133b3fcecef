import fs from 'node:fs';
import path from 'node:path';
import { PageSizes, PDFDocument } from 'pdf-lib';
import { parseIdNumber } from '../../cloudfunctions/shared/domain/id-number';
import { colourChangedNotice } from '../../cloudfunctions/shared/domain/notification';
import { parseFeedPartners } from '../../cloudfunctions/shared/domain/feed-partners';
import { RETENTION_DAYS } from '../../cloudfunctions/shared/domain/retention';
import { ROOT } from '../../scripts/lib/cloudbaserc';
import { applyAs } from '../../scripts/lib/seed';
import { signedFeedEvent } from '../support/feeds';
import { openGuardScanner, scanAsGuard, screenshotCode } from '../support/guard';
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
  await applyAs(runtime, { openid, name, idNumber });
  const partner = [...parseFeedPartners(process.env.FEED_PARTNERS).values()].find((candidate) => candidate.sources.includes('identity'));
  if (!partner) throw new Error('no partner may push identity records');
  const photo = { contentType: 'image/png', base64: fs.readFileSync(path.join(ROOT, 'samples/feed/photos/portrait.png')).toString('base64') };
  const payload = { source: 'identity', records: [{ recordId: `photo-${idNumber}`, version: 1, idNumber, name, photo }] };
  const answer = (await runtime.invoke('feed', signedFeedEvent(partner, payload, new Date()), {})) as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
}

test('a new WeChat user applies with their ID number, verifies their face and sees a green pass on 我的通行证', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAsNewUser();
  await top.getByText('您还没有通行证').waitFor();
  await top.getByRole('button', { name: '申领通行证' }).tap();
  await top.getByText('申领须知').waitFor();
  await app.screenshot('apply');

  await top.locator('#name').fill('林晓文');
  await top.locator('#id-number').fill(syntheticIdNumber(701, '19000307')); // born 1900: no living person's number in a screenshot
  // Nothing is sent before the consent line is ticked (name and ID number are sensitive personal information).
  await top.getByRole('button', { name: '提交申请' }).tap();
  await top.getByText('请先阅读《隐私保护指引》，并勾选同意后再提交').waitFor();
  await top.getByText('同意提供姓名、身份证号码（敏感个人信息）用于申领通行证', { exact: false }).tap();
  await top.getByRole('button', { name: '提交申请' }).tap();

  // npm start verifies faces with the local stand-in: the advice first, then a sheet that says no face is scanned.
  const advice = phone.getByRole('dialog');
  await advice.getByText('摘下口罩', { exact: false }).waitFor();
  await advice.getByText('需要您单独同意', { exact: false }).waitFor();
  await advice.getByRole('button', { name: '同意核验' }).click();
  const scan = phone.getByRole('dialog', { name: '人脸核验（本地模拟）' });
  await scan.getByText('本地预览不做真实的人脸核验', { exact: false }).waitFor();
  await app.screenshot('face-verification');
  await scan.getByRole('button', { name: '完成核验（模拟通过）' }).click();

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
  await top.getByText('同意提供姓名、身份证号码（敏感个人信息）用于申领通行证', { exact: false }).tap();
  await top.getByRole('button', { name: '提交申请' }).tap();

  const parsed = parseIdNumber(wrong, '2000-01-01');
  if (parsed.ok) throw new Error('the wrong ID number parsed');
  await top.getByText(parsed.message).waitFor();
  expect(parsed.message).toMatch(/^[\u3000-\u9fff0-9，。（）]+$/);
  expect(await top.locator('#id-number').inputValue()).toBe(wrong);
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('申领通行证');
});

test('《隐私保护指引》 at the foot of 首页 opens the guide, with the periods the sweep keeps records', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAsNewUser();
  await top.getByText('《隐私保护指引》', { exact: true }).tap();

  await top.getByText('我们收集哪些信息').waitFor();
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('隐私保护指引');
  expect(await top.locator('[class*="tx-privacy__period--checkIns"]').textContent()).toContain(`保存 ${RETENTION_DAYS.checkIns} 天`);
  await app.screenshot('privacy');
});

test('staff find no pass for an ID number, issue a printed pass and see it in 操作记录', async () => {
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

  // What staff just did is in 操作记录, in words, with the reason they gave.
  await app.openAs('o-demo-staff');
  await top.getByText('操作记录', { exact: true }).tap();
  await top.locator('#action').selectOption({ label: '办理纸质通行证' });
  const entry = top.locator('[class*="tx-staff-audit__entry"]').filter({ hasText: '老人无智能手机' });
  await entry.waitFor();
  expect(await entry.locator('[class*="tx-staff-audit__what"]').textContent()).toBe('办理纸质通行证');
  await app.screenshot('staff-audit');
});

test('staff register a venue and open its poster, one A4 page', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAs('o-demo-staff');
  await top.getByText('场所码', { exact: true }).tap();
  await top.getByText('登记场所或卡口').waitFor();

  await top.locator('#name').fill('岳阳街道菜市场');
  await top.locator('#district').fill('松江区岳阳街道');
  await top.getByRole('button', { name: '登记', exact: true }).tap();
  const venue = top.locator('[class*="tx-staff-venues__venue"]').filter({ hasText: '岳阳街道菜市场' });
  await venue.waitFor();
  await app.screenshot('staff-venues');

  await venue.getByRole('button', { name: '下载场所码海报' }).tap();
  const frame = phone.locator('.document-viewer__frame');
  await frame.waitFor();
  // The PDF the viewer shows, read back from the blob it was downloaded into.
  const src = await frame.getAttribute('src');
  const base64 = await frame.evaluate(async (_node, url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
  }, src ?? '');
  const pdf = await PDFDocument.load(Buffer.from(base64, 'base64'));
  expect(pdf.getTitle()).toBe('场所码 岳阳街道菜市场');
  expect(pdf.getPages().map((page) => page.getSize())).toEqual([{ width: PageSizes.A4[0], height: PageSizes.A4[1] }]);
});

test("a resident's code, screenshotted and handed to the guard's scanner, shows 通行 with the resident's photo", async () => {
  const app = preview();
  const { top } = app;
  const resident = await app.openAsNewUser();
  await passWithPhoto(app, resident, '陈美玲', syntheticIdNumber(704));
  await app.openAs(resident);
  await top.getByRole('button', { name: '我的通行码' }).tap();
  await scanAsGuard(app, await screenshotCode(app, 'code'));

  await top.getByText('通行', { exact: true }).waitFor();
  expect(await top.getByText('陈*玲').isVisible()).toBe(true);
  // The photo on file, through the temporary URL guard.verify answers, so the guard can compare it with the face.
  const photo = top.locator('[class*="tx-guard__photo"] img');
  const loadedWidth = await photo.evaluate((image) => {
    const picture = image as unknown as { decode(): Promise<void>; naturalWidth: number };
    return picture.decode().then(() => picture.naturalWidth);
  });
  expect(loadedWidth).toBeGreaterThan(0);
  await app.screenshot('guard-verdict');
});

test("a yellow resident appeals, staff accept with a green override, and the guard's scan of a fresh code shows 通行", async () => {
  const app = preview();
  const { top } = app;
  // The demo's 李华 is yellow: the seed pushed her arrival from a key area.
  await app.openAs('o-demo-resident-2');
  await top.getByText('我的通行证').tap();
  await top.getByText('我要申诉').tap();
  await top.getByText('行程记录有误').tap();
  await top.locator('#description').fill('那几天我一直在本市单位上班，没有去过该地区');
  await top.getByRole('button', { name: '提交申诉' }).tap();
  await top.getByText('撤回申诉').waitFor();

  await app.openAs('o-demo-staff');
  await top.getByText('申诉处理').tap();
  await top.locator('[class*="tx-staff-appeals__line"]').filter({ hasText: '行程记录有误' }).tap();
  await top.locator('#claim').tap();
  await top.getByText('作出决定').waitFor();
  await top.getByText('通过：调整颜色').tap();
  await top.getByText('绿码', { exact: true }).tap();
  await top.locator('#reason').fill('已核实单位考勤记录');
  // The earliest day the picker offers (tomorrow): the shortest override that does the job.
  const expiry = top.locator('#expiry');
  await expiry.fill((await expiry.getAttribute('min')) ?? '');
  await top.locator('#reply').fill('经核实，您的行程记录有误，已调整为绿码');
  await top.getByRole('button', { name: '提交决定' }).tap();
  // Yellow to green takes one person: no second approval, so the decision stands at once.
  await app.phone.getByRole('button', { name: '确定' }).tap();
  await top.getByText('决定：通过').waitFor();

  await app.openAs('o-demo-resident-2');
  await top.getByRole('button', { name: '我的通行码' }).tap();
  await top.locator('[class*="tx-code__card--green"]').waitFor();
  await scanAsGuard(app, await screenshotCode(app));
  await top.getByText('通行', { exact: true }).waitFor();
});

test('长辈模式, switched on 首页, makes the code and the pages\' own type larger and stays on for the next page', async () => {
  const app = preview();
  const { phone, top } = app;
  await app.openAs('o-demo-resident-1');
  const qrWidth = async () => (await top.locator('canvas').boundingBox())?.width ?? 0;
  // A page's own size (the code's clock) and a component's (the pass card's name): both follow --tx-scale.
  const fontSize = (selector: string) =>
    top.locator(selector).first().evaluate((node) => parseFloat(node.ownerDocument.defaultView?.getComputedStyle(node).fontSize ?? '0'));
  const measure = async () => {
    await top.getByRole('button', { name: '我的通行码' }).tap();
    await top.locator('canvas').waitFor();
    const code = { qr: await qrWidth(), clock: await fontSize('[class*="tx-code__time"]') };
    await phone.getByRole('button', { name: '返回' }).tap();
    await top.getByText('我的通行证', { exact: true }).tap();
    const name = await fontSize('[class*="tx-pass-card__name"]');
    await phone.getByRole('button', { name: '返回' }).tap();
    return { ...code, name };
  };
  const usual = await measure();

  await top.getByText('长辈模式（大字）').tap();
  await top.getByText('已开启').waitFor();
  const elder = await measure();
  expect(elder.qr).toBeGreaterThan(usual.qr);
  expect(elder.clock).toBeGreaterThan(usual.clock * 1.2);
  expect(elder.name).toBeGreaterThan(usual.name * 1.2);
  await top.getByRole('button', { name: '我的通行码' }).tap();
  await top.locator('canvas').waitFor();
  await app.screenshot('elder-mode');

  // Off again: storage is the phone's, and the tests after this one expect the usual layout.
  await phone.getByRole('button', { name: '返回' }).tap();
  await top.getByText('长辈模式（大字）').tap();
  await top.getByText('已关闭').waitFor();
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
