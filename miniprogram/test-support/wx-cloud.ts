/**
 * A fake wx.cloud for tests. miniprogram-simulate stubs most of wx but not wx.cloud, and the cloud is the
 * WeChat platform boundary, so faking it here is fair; end-to-end tests run the real functions.
 */
import type { Result } from '../../typings/contract';

export interface FakeWxCloud {
  init: jest.Mock<void, [ICloudConfig?]>;
  callFunction: jest.Mock<Promise<ICloud.CallFunctionResult>, [ICloud.CallFunctionParam]>;
}

/** The global wx as tests may reshape it: miniprogram-simulate's stub when loaded, otherwise none yet. */
function globalScope(): { wx?: Record<string, unknown> } {
  return globalThis as unknown as { wx?: Record<string, unknown> };
}

/** Puts a fresh fake wx.cloud on the global wx, creating wx when miniprogram-simulate has not been loaded. */
export function installWxCloud(): FakeWxCloud {
  const cloud: FakeWxCloud = { init: jest.fn(), callFunction: jest.fn() };
  const scope = globalScope();
  scope.wx = Object.assign(scope.wx ?? {}, { cloud });
  return cloud;
}

/** Takes wx.cloud away, as on a base library older than 2.2.3. */
export function removeWxCloud(): void {
  delete globalScope().wx?.cloud;
}

/** What wx.cloud.callFunction resolves with when the function returned `result`. */
export function answered(result: Result<unknown>): ICloud.CallFunctionResult {
  return { errMsg: 'cloud.callFunction:ok', result };
}

/** A promise the test settles when it chooses, to observe a page while a call is in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
