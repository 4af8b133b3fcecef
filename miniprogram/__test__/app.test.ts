import { CLOUD_ENV_ID } from '../config';
import { installWxCloud, removeWxCloud } from '../test-support/wx-cloud';

/** Runs app.ts with a stand-in App() (miniprogram-simulate has none) and returns what it registered. */
function registerApp(): WechatMiniprogram.App.Option {
  let registered: WechatMiniprogram.App.Option | undefined;
  (globalThis as unknown as { App: (options: WechatMiniprogram.App.Option) => void }).App = (options) => {
    registered = options;
  };
  // app.ts registers itself when evaluated: load a fresh copy each time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.isolateModules(() => require('../app'));
  return registered!;
}

describe('app', () => {
  afterEach(() => jest.restoreAllMocks());

  test('on launch, initialises CloudBase with the configured environment and user tracing', () => {
    const cloud = installWxCloud();

    registerApp().onLaunch({} as WechatMiniprogram.App.LaunchShowOption);

    expect(cloud.init).toHaveBeenCalledWith({ env: CLOUD_ENV_ID, traceUser: true });
  });

  test('on launch without wx.cloud, says which base library is needed instead of throwing', () => {
    installWxCloud();
    removeWxCloud();
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    expect(() => registerApp().onLaunch({} as WechatMiniprogram.App.LaunchShowOption)).not.toThrow();
    expect(error).toHaveBeenCalledWith('请使用 2.2.3 或以上的基础库以使用云能力');
  });
});
