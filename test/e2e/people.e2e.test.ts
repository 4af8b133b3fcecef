import { parseIdNumber } from '../../cloudfunctions/shared/domain/id-number';
import { syntheticIdNumber } from '../support/people';
import { startPreview, type Preview } from '../support/preview';

/**
 * People in the browser preview, end to end: the real pages in Chromium, calling the built functions of a
 * local CloudBase as the identity chosen in the preview. Each test taps and types as a person would.
 */
let preview: Preview;

beforeAll(async () => {
  preview = await startPreview();
});
afterAll(() => preview?.close());
afterEach(() => {
  // Any uncaught error or console error on a page fails the test that caused it.
  expect(preview.errors.splice(0)).toEqual([]);
});

/** An ID number of the right shape whose check digit is wrong: only the server can tell. */
function withWrongCheckDigit(idNumber: string): string {
  return idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');
}

test('a new WeChat user applies with their ID number and sees a green pass on 我的通行证', async () => {
  const { phone } = preview;
  await preview.openAsNewUser();
  await phone.getByText('您还没有通行证').waitFor();
  await phone.getByRole('button', { name: '申领通行证' }).tap();
  await phone.getByText('申领须知').waitFor();
  await preview.screenshot('apply');

  await phone.locator('#name').fill('林晓文');
  await phone.locator('#id-number').fill(syntheticIdNumber(701));
  await phone.getByRole('button', { name: '提交申请' }).tap();

  const card = phone.locator('[class*="tx-pass-card--green"]');
  await card.waitFor();
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('我的通行证');
  expect(await card.getByText('绿码').isVisible()).toBe(true);
  expect(await card.getByText('林*文').isVisible()).toBe(true);
  // Green in colour as well as in words: the frame people see from across a gate.
  expect(await card.evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).borderTopColor)).toBe('rgb(27, 127, 59)');
  await preview.screenshot('my-pass');

  // Back on 首页 the pass shows in brief.
  await phone.getByRole('button', { name: '返回' }).tap();
  await phone.getByText('林*文').waitFor();
  await preview.screenshot('home');
});

test('a wrong ID number is refused beside the field, in Chinese, and the person stays on the form', async () => {
  const { phone } = preview;
  await preview.openAsNewUser();
  await phone.getByRole('button', { name: '申领通行证' }).tap();
  const wrong = withWrongCheckDigit(syntheticIdNumber(702));
  await phone.locator('#name').fill('林晓文');
  await phone.locator('#id-number').fill(wrong);
  await phone.getByRole('button', { name: '提交申请' }).tap();

  const parsed = parseIdNumber(wrong, '2000-01-01');
  if (parsed.ok) throw new Error('the wrong ID number parsed');
  await phone.getByText(parsed.message).waitFor();
  expect(parsed.message).toMatch(/^[\u3000-\u9fff0-9，。（）]+$/);
  expect(await phone.locator('#id-number').inputValue()).toBe(wrong);
  expect(await phone.locator('.nav-bar__title').textContent()).toBe('申领通行证');
});

test('staff find no pass for an ID number and issue a printed pass', async () => {
  const { phone } = preview;
  await preview.openAs('o-demo-staff');
  await phone.getByText('纸质通行证', { exact: true }).tap();
  await phone.getByText('查找通行证').waitFor();

  await phone.locator('#id-number').fill(syntheticIdNumber(703));
  await phone.locator('#search-reason').fill('居民到柜台办理纸质通行证');
  await phone.getByRole('button', { name: '查找' }).tap();
  await phone.getByText('未找到此身份证号码的通行证').waitFor();

  await phone.locator('#name').fill('周桂兰');
  await phone.locator('#issue-reason').fill('老人无智能手机');
  await phone.getByRole('button', { name: '办理纸质通行证' }).tap();

  // Staff see the full name; the card the pass is printed on is listed with it.
  await phone.getByText('周桂兰', { exact: true }).waitFor();
  expect(await phone.getByText('未找到此身份证号码的通行证').count()).toBe(0);
  expect(await phone.locator('[class*="tx-pass-card--green"]').getByText('周*兰').isVisible()).toBe(true);
  await preview.screenshot('staff-passes');
});
