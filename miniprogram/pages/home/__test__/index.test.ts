import * as path from 'path';
import * as simulate from 'miniprogram-simulate';
import type { Result, SessionInfo } from '../../../../typings/contract';
import { answered, deferred, installWxCloud, type FakeWxCloud } from '../../../test-support/wx-cloud';

const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../..');
// 2025-03-01 14:05:09 in Beijing.
const SERVER_TIME = Date.UTC(2025, 2, 1, 6, 5, 9);

let homeId: string;
let cloud: FakeWxCloud;

beforeAll(() => {
  // Loaded once per file: miniprogram-simulate cannot load the same path twice in one module registry.
  homeId = simulate.load(path.join(MINIPROGRAM_ROOT, 'pages/home/index'), 'tx-home', { rootPath: MINIPROGRAM_ROOT });
});

beforeEach(() => {
  cloud = installWxCloud();
});

afterEach(() => jest.restoreAllMocks());

/** Opens the page: attach() fires `attached`, which starts the session call. */
function openHome() {
  const page = simulate.render(homeId);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

function text(page: ReturnType<typeof simulate.render>): string {
  return page.dom!.textContent ?? '';
}

function session(roles: SessionInfo['roles']): Result<SessionInfo> {
  return { ok: true, data: { roles, serverTime: SERVER_TIME } };
}

describe('首页', () => {
  test('says it is loading until resident.session answers, then shows the roles in Chinese and the server time', async () => {
    const reply = deferred<ICloud.CallFunctionResult>();
    cloud.callFunction.mockReturnValue(reply.promise);

    const page = openHome();

    expect(cloud.callFunction).toHaveBeenCalledWith({ name: 'resident', data: { action: 'session' } });
    expect(text(page)).toContain('正在加载');

    reply.resolve(answered(session(['resident', 'guard', 'staff', 'admin'])));
    await simulate.sleep(0);

    const roles = page.querySelectorAll('.tx-home__role').map((role) => role.dom!.textContent);
    expect(roles).toEqual(['居民', '查验员', '社区工作人员', '管理员']);
    expect(page.querySelector('.tx-home__checked-at')!.dom!.textContent).toBe('2025年3月1日 14:05:09');
    expect(text(page)).not.toContain('正在加载');
  });

  test('explains what 通行 is and that each WeChat account applies only for its owner', () => {
    cloud.callFunction.mockReturnValue(deferred<ICloud.CallFunctionResult>().promise);

    const page = openHome();

    expect(text(page)).toContain('电子通行证');
    expect(text(page)).toContain('一个微信号只能申领一次，请勿借用自己的微信号为他人申领');
  });

  test("shows the server's message and 重试 on a failure; 重试 calls again and shows the session", async () => {
    cloud.callFunction
      .mockResolvedValueOnce(answered({ ok: false, code: 'INTERNAL', message: '系统正在维护，请十分钟后再试' }))
      .mockResolvedValueOnce(answered(session(['resident'])));

    const page = openHome();
    await simulate.sleep(0);

    expect(text(page)).toContain('系统正在维护，请十分钟后再试');
    const retry = page.querySelector('#session')!.querySelector('.tx-state-view__retry')!;
    expect(retry.dom!.textContent).toBe('重试');

    retry.dispatchEvent('tap');
    await simulate.sleep(0);

    expect(cloud.callFunction).toHaveBeenCalledTimes(2);
    expect(page.querySelectorAll('.tx-home__role').map((role) => role.dom!.textContent)).toEqual(['居民']);
    expect(text(page)).not.toContain('系统正在维护');
  });

  test('starts only one call when 重试 is tapped twice before the view updates', async () => {
    cloud.callFunction.mockResolvedValueOnce(answered({ ok: false, code: 'INTERNAL', message: '' }));
    const page = openHome();
    await simulate.sleep(0);
    cloud.callFunction.mockReturnValue(deferred<ICloud.CallFunctionResult>().promise);

    page.instance.onRetry();
    page.instance.onRetry();

    expect(cloud.callFunction).toHaveBeenCalledTimes(2);
  });

  test('shows the UNAVAILABLE sentence when the network call is rejected', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    cloud.callFunction.mockRejectedValue({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' });

    const page = openHome();
    await simulate.sleep(0);

    expect(text(page)).toContain('网络不可用，请稍后重试');
    expect(page.querySelector('#session')!.querySelector('.tx-state-view__retry')).toBeDefined();
  });
});
