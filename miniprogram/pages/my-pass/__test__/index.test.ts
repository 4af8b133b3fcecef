import type { PassView, Result } from '../../../../typings/contract';
import { aPass } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/my-pass/index', 'tx-my-pass');
});

beforeEach(() => {
  functions = fakeFunctions({ 'resident.myPass': ok(aPass()) });
});

afterEach(() => jest.restoreAllMocks());

describe('我的通行证', () => {
  test('says it is loading, then shows the pass the server answered', async () => {
    const reply = deferred<Result<PassView>>();
    functions.answer({ 'resident.myPass': () => reply.promise });
    const page = open(pageId);
    await settle();

    expect(functions.sent('resident.myPass')).toEqual([{}]);
    expect(textOf(page)).toContain('正在加载');

    reply.resolve(
      ok(
        aPass({
          nameMasked: '张*三',
          idMasked: '1101**********002X',
          colour: 'yellow',
          reasons: [{ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: 'Arrived from a key area' }],
          nextChangeAt: Date.UTC(2025, 2, 15, 6, 5, 9),
          photoUrl: 'https://tmp.example/photo.jpg',
        }),
      ),
    );
    await settle();

    const card = textOf(find(page, '#card'));
    expect(card).toContain('张*三');
    expect(card).toContain('1101**********002X');
    expect(card).toContain('黄码');
    expect(card).toContain('重点地区来沪未满14天');
    expect(card).toContain('更新时间2025年3月1日 14:05:09');
    expect(card).toContain('2025年3月15日 14:05:09 起自动更新颜色');
    expect(card).toContain('有效');
    expect(find(page, '#card >>> .tx-pass-card__photo').data.src).toBe('https://tmp.example/photo.jpg');
    expect(textOf(page)).not.toContain('正在加载');
  });

  test('a migrated pass says so and keeps the original issue date', async () => {
    functions.answer({ 'resident.myPass': ok(aPass({ origin: 'migrated', issuedAt: Date.UTC(2020, 1, 10, 2) })) });
    const page = open(pageId);
    await settle();

    expect(textOf(find(page, '#card'))).toContain('迁移自原通行证原通行证办理日期2020年2月10日');
  });

  test('a cancelled pass says 已注销', async () => {
    functions.answer({ 'resident.myPass': ok(aPass({ status: 'cancelled' })) });
    const page = open(pageId);
    await settle();

    expect(textOf(find(page, '#card >>> .tx-pass-card__status'))).toBe('已注销');
    expect(exists(page, '.tx-my-pass__show-code')).toBe(false);
    // The server takes no appeal on a cancelled pass: the community office handles it.
    expect(exists(page, '.tx-my-pass__appeal')).toBe(false);
  });

  test.each([
    ['.tx-my-pass__show-code', '/pages/code/index'],
    ['.tx-my-pass__family', '/pages/family/index'],
    ['.tx-my-pass__account-code', '/pages/account-code/index'],
    ['.tx-my-pass__appeal', '/pages/appeal/index'],
    ['.tx-my-pass__colour-history', '/pages/colour-history/index'],
  ])('%s opens %s', async (entry, url) => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = open(pageId);
    await settle();

    await tap(page, entry);

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url }));
  });

  test('explains what the account code is for', async () => {
    const page = open(pageId);
    await settle();

    expect(textOf(find(page, '.tx-my-pass__account-code'))).toContain('在社区办理换绑（如换了手机）时，向工作人员出示');
  });

  test('NO_PASS is not an error: it invites the person to apply', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.myPass': refused('NO_PASS', '您还没有申领通行证，请先用本人的姓名和身份证号码申领') });
    const page = open(pageId);
    await settle();

    expect(textOf(find(page, '.tx-my-pass__none'))).toContain('您还没有申领通行证');
    expect(exists(page, '#card')).toBe(false);
    expect(exists(page, '#state >>> .tx-state-view__retry')).toBe(false);

    await tap(page, '.tx-my-pass__apply');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/apply/index' }));
  });

  test("a failure shows the server's message and 重试, which reads the pass again", async () => {
    functions.answer({ 'resident.myPass': refused('INTERNAL', '系统正在维护，请十分钟后再试') });
    const page = open(pageId);
    await settle();

    expect(textOf(page)).toContain('系统正在维护，请十分钟后再试');
    expect(textOf(page)).not.toContain('INTERNAL');

    functions.answer({ 'resident.myPass': ok(aPass({ colour: 'red' })) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(textOf(find(page, '#card'))).toContain('红码');
  });

  test('a failure without a message shows the sentence for its code', async () => {
    functions.answer({ 'resident.myPass': refused('UNAUTHENTICATED') });
    const page = open(pageId);
    await settle();

    expect(textOf(page)).toContain('未能确认您的微信身份，请关闭小程序后重新打开');
  });

  test('pulling down reads the pass again and then stops the refresh indicator', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    const page = open(pageId);
    await settle();
    functions.answer({ 'resident.myPass': ok(aPass({ colour: 'red' })) });

    await page.instance.onPullDownRefresh();

    expect(functions.sent('resident.myPass')).toHaveLength(2);
    expect(textOf(find(page, '#card'))).toContain('红码');
    expect(stop).toHaveBeenCalled();
  });
});
