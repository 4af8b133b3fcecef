import type { Result, Role, SessionInfo } from '../../../../typings/contract';
import { aPass, aSession } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let homeId: string;
let functions: FakeFunctions;

beforeAll(() => {
  homeId = loadComponent('pages/home/index', 'tx-home');
});

beforeEach(() => {
  functions = fakeFunctions({
    'resident.session': ok(aSession({ roles: ['resident'] })),
    'resident.myPass': ok(aPass()),
  });
});

afterEach(() => jest.restoreAllMocks());

function withRoles(roles: Role[]): void {
  functions.answer({ 'resident.session': ok(aSession({ roles })) });
}

function roleLabels(page: ReturnType<typeof open>): (string | undefined)[] {
  return page.querySelectorAll('.tx-home__role').map((role) => textOf(role));
}

describe('首页', () => {
  test('says it is loading until resident.session answers, then shows the roles in Chinese and the server time', async () => {
    const reply = deferred<Result<SessionInfo>>();
    functions.answer({ 'resident.session': () => reply.promise });

    const page = open(homeId);
    await settle();

    expect(functions.sent('resident.session')).toEqual([{}]);
    expect(textOf(find(page, '#session'))).toContain('正在加载');

    reply.resolve(ok(aSession({ roles: ['resident', 'guard', 'staff', 'admin'] })));
    functions.answer({ 'guard.post': ok({ checkpointId: 'gate-east', checkpointName: '东门' }) });
    await settle();

    expect(roleLabels(page)).toEqual(['居民', '查验员', '社区工作人员', '管理员']);
    expect(textOf(find(page, '.tx-home__checked-at'))).toBe('2025年3月1日 14:05:09');
    expect(textOf(page)).not.toContain('正在加载');
  });

  test('explains what 通行 is and that each WeChat account applies only for its owner', () => {
    functions.answer({ 'resident.session': () => deferred<never>().promise });

    const page = open(homeId);

    expect(textOf(page)).toContain('电子通行证');
    expect(textOf(page)).toContain('一个微信号只能申领一次，请勿借用自己的微信号为他人申领');
  });

  test("shows the pass in brief: colour in words, masked name, update time; tapping opens my pass", async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.myPass': ok(aPass({ colour: 'yellow', nameMasked: '张*三' })) });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '.tx-home__summary'))).toContain('黄码');
    expect(textOf(find(page, '.tx-home__pass-name'))).toBe('张*三');
    expect(textOf(find(page, '.tx-home__since'))).toBe('更新时间 2025年3月1日 14:05:09');
    expect(exists(page, '.tx-home__apply')).toBe(false);

    await tap(page, '.tx-home__summary');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/my-pass/index' }));
  });

  test('marks a cancelled pass in the summary', async () => {
    functions.answer({ 'resident.myPass': ok(aPass({ status: 'cancelled' })) });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '.tx-home__cancelled'))).toBe('已注销');
  });

  test('without a pass, offers 申领通行证, which opens the apply page', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    functions.answer({ 'resident.myPass': refused('NO_PASS', '您还没有申领通行证，请先用本人的姓名和身份证号码申领') });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '.tx-home__no-pass'))).toContain('您还没有通行证');
    expect(exists(page, '.tx-home__summary')).toBe(false);

    await tap(page, '.tx-home__apply');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/apply/index' }));
  });

  test.each([
    ['.tx-home__family', '/pages/family/index'],
    ['.tx-home__account-code', '/pages/account-code/index'],
    ['.tx-home__invitation', '/pages/invitation/index'],
    ['.tx-home__privacy', '/pages/privacy/index'],
  ])('every resident has the entry %s, which opens %s', async (entry, url) => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = open(homeId);
    await settle();

    await tap(page, entry);

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url }));
  });

  test('a resident sees no staff entries and no checkpoint', async () => {
    const page = open(homeId);
    await settle();

    expect(exists(page, '.tx-home__staff')).toBe(false);
    expect(exists(page, '.tx-home__post')).toBe(false);
    expect(functions.sent('guard.post')).toEqual([]);
  });

  test.each<[Role[]]>([[['resident', 'staff']], [['resident', 'admin']]])('%p see the staff entries', async (roles) => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    withRoles(roles);
    const page = open(homeId);
    await settle();

    for (const entry of ['passes', 'invitations', 'appeals', 'follow-ups', 'dashboard', 'venues', 'audit']) await tap(page, `.tx-home__staff-${entry}`);

    expect(navigate.mock.calls.map(([options]) => options.url)).toEqual([
      '/pages/staff-passes/index',
      '/pages/staff-invitations/index',
      '/pages/staff-appeals/index',
      '/pages/staff-follow-ups/index',
      '/pages/staff-dashboard/index',
      '/pages/staff-venues/index',
      '/pages/staff-audit/index',
    ]);
  });

  test("a guard sees their checkpoint, and no staff entries", async () => {
    withRoles(['resident', 'guard']);
    functions.answer({ 'guard.post': ok({ checkpointId: 'gate-east', checkpointName: '东门' }) });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '.tx-home__post'))).toBe('东门（gate-east）');
    expect(exists(page, '.tx-home__staff')).toBe(false);
  });

  test('a guard has 扫码查验, which opens the scanner page; a resident has not', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const resident = open(homeId);
    await settle();
    expect(exists(resident, '.tx-home__scan')).toBe(false);

    withRoles(['resident', 'guard']);
    functions.answer({ 'guard.post': ok({ checkpointId: 'gate-east', checkpointName: '东门' }) });
    const guard = open(homeId);
    await settle();
    await tap(guard, '.tx-home__scan');

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/guard/index' }));
  });

  test('a resident with an active pass has 我的通行码, which opens the code page; a cancelled pass has none', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = open(homeId);
    await settle();
    expect(textOf(find(page, '.tx-home__show-code'))).toBe('我的通行码');
    await tap(page, '.tx-home__show-code');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/code/index' }));

    functions.answer({ 'resident.myPass': ok(aPass({ status: 'cancelled' })) });
    const cancelled = open(homeId);
    await settle();
    expect(exists(cancelled, '.tx-home__show-code')).toBe(false);
  });

  test("a guard whose role was just revoked reads the server's sentence in place of the checkpoint", async () => {
    withRoles(['resident', 'guard']);
    functions.answer({ 'guard.post': refused('FORBIDDEN', '您的查验员身份已被撤销') });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '.tx-home__post'))).toBe('您的查验员身份已被撤销');
  });

  test("shows the server's message and 重试 on a failure; 重试 calls again and shows the session", async () => {
    functions.answer({ 'resident.session': refused('INTERNAL', '系统正在维护，请十分钟后再试') });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '#session'))).toContain('系统正在维护，请十分钟后再试');
    expect(textOf(find(page, '#session >>> .tx-state-view__retry'))).toBe('重试');

    withRoles(['resident']);
    await tap(page, '#session >>> .tx-state-view__retry');

    expect(functions.sent('resident.session')).toHaveLength(2);
    expect(roleLabels(page)).toEqual(['居民']);
    expect(textOf(page)).not.toContain('系统正在维护');
  });

  test('a failure to read the pass shows its message and 重试 in the pass card, the roles still show', async () => {
    functions.answer({ 'resident.myPass': refused('UNAVAILABLE') });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '#pass'))).toContain('网络不可用，请稍后重试');
    expect(roleLabels(page)).toEqual(['居民']);

    functions.answer({ 'resident.myPass': ok(aPass()) });
    await tap(page, '#pass >>> .tx-state-view__retry');

    expect(textOf(find(page, '.tx-home__summary'))).toContain('绿码');
  });

  test('starts only one load when 重试 is tapped twice before the view updates', async () => {
    functions.answer({ 'resident.session': refused('INTERNAL') });
    const page = open(homeId);
    await settle();
    functions.answer({ 'resident.session': () => deferred<never>().promise });

    page.instance.onRetry();
    page.instance.onRetry();

    expect(functions.sent('resident.session')).toHaveLength(2);
  });

  test('shows the UNAVAILABLE sentence when the network call is rejected', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    functions.cloud.callFunction.mockRejectedValue({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' });

    const page = open(homeId);
    await settle();

    expect(textOf(find(page, '#session'))).toContain('网络不可用，请稍后重试');
    expect(exists(page, '#session >>> .tx-state-view__retry')).toBe(true);
  });

  test('reads roles and pass again when shown anew (back from applying), but not on the first show', async () => {
    const page = open(homeId);
    page.instance.onShow();
    await settle();
    expect(functions.sent('resident.myPass')).toHaveLength(1);

    functions.answer({ 'resident.myPass': ok(aPass({ colour: 'red' })) });
    page.instance.onShow();
    await settle();

    expect(functions.sent('resident.myPass')).toHaveLength(2);
    expect(textOf(find(page, '.tx-home__summary'))).toContain('红码');
  });
});
