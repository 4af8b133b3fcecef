import { aPass, aSession } from '../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf } from '../../test-support/simulate';
import { fakeFunctions, ok } from '../../test-support/wx-cloud';
import { fakeStorage } from '../../test-support/wx-storage';

/**
 * Residents' pages and the guard's: 长辈模式 is for them. (Every page has the behavior and the root class, checked
 * statically in __test__/pages.test.ts.) Loaded once each: simulate cannot load a path twice.
 */
const PAGES = [
  'pages/home/index',
  'pages/apply/index',
  'pages/my-pass/index',
  'pages/code/index',
  'pages/family/index',
  'pages/account-code/index',
  'pages/invitation/index',
  'pages/appeal/index',
  'pages/colour-history/index',
  'pages/guard/index',
  'pages/privacy/index',
];
const pageIds = new Map<string, string>();
let homeId: string;
let applyId: string;

beforeAll(() => {
  for (const page of PAGES) pageIds.set(page, loadComponent(page, `tx-${page.split('/')[1]}`));
  homeId = pageIds.get('pages/home/index') ?? '';
  applyId = pageIds.get('pages/apply/index') ?? '';
});

beforeEach(() => {
  fakeFunctions({ 'resident.session': ok(aSession({ roles: ['resident'] })), 'resident.myPass': ok(aPass()) });
});

describe('长辈模式', () => {
  test('is off at first; the switch on 首页 turns it on and off, remembers it on the phone, and enlarges the page', async () => {
    const storage = fakeStorage();
    const home = open(homeId);
    await settle();
    expect(exists(home, '.tx-elder')).toBe(false);
    expect(textOf(find(home, '.tx-home__elder'))).toContain('已关闭');

    await tap(home, '.tx-home__elder');
    expect(storage.get('tx.elderMode')).toBe(true);
    expect(exists(home, '.tx-elder')).toBe(true);
    expect(textOf(find(home, '.tx-home__elder'))).toContain('已开启');

    await tap(home, '.tx-home__elder');
    expect(storage.get('tx.elderMode')).toBe(false);
    expect(exists(home, '.tx-elder')).toBe(false);
  });

  test('another page opened with it on shows it from the start', () => {
    fakeStorage({ 'tx.elderMode': true });
    expect(exists(open(applyId), '.tx-elder')).toBe(true);
  });

  test('a page below the switch shows the change when the person comes back to it', () => {
    const storage = fakeStorage();
    const page = open(applyId);
    expect(exists(page, '.tx-elder')).toBe(false);
    storage.set('tx.elderMode', true);
    // What WeChat fires when the page is back on top; j-component has it, its typings do not.
    (page as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
    expect(exists(page, '.tx-elder')).toBe(true);
  });

  // app.wxss and every page's own sizes hang on .tx-elder (test/wxss-elder-mode.test.ts): a page whose root view lacks it stays small.
  test.each(PAGES)('%s carries tx-elder on its root view when it is on, and not when it is off', (page) => {
    fakeStorage({ 'tx.elderMode': true });
    const on = open(pageIds.get(page) ?? '');
    // The root view itself, so every block of the page, and the components in it, sit under it.
    expect(find(on, '.tx-elder').dom).toBe(on.dom?.firstElementChild);

    fakeStorage();
    expect(exists(open(pageIds.get(page) ?? ''), '.tx-elder')).toBe(false);
  });
});
