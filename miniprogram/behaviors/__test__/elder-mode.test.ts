import { aPass, aSession } from '../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf } from '../../test-support/simulate';
import { fakeFunctions, ok } from '../../test-support/wx-cloud';
import { fakeStorage } from '../../test-support/wx-storage';

let homeId: string;
let applyId: string;

beforeAll(() => {
  homeId = loadComponent('pages/home/index', 'tx-home');
  applyId = loadComponent('pages/apply/index', 'tx-apply');
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
});
